/**
 * Web-shell entry: the kiosk core plus a loopback HTTP/WebSocket server, under plain Node. Used where no
 * Electron binary exists, and by the e2e tests. Never imports `electron`.
 *
 *   node out/main/web-shell.js [--data-dir DIR] [--port N] [--no-demo]
 *
 * Prints `GATEPOST_READY <launch url>` on stdout once it serves (a named readiness signal for tests and the
 * launcher), followed by the demo barcodes in demo mode. `--no-demo` (or `GATEPOST_DEMO=off`): with no
 * config.json the kiosk shows "not configured" instead of the demo (what an installed kiosk wants).
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { events } from '../common/contract.js';
import { KioskRuntime, bridgeEvents, defaultDataDir } from '../host/index.js';
import { startWebShell, type WebShell } from './web-shell-server.js';
import { readArtwork } from './artwork.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    'no-demo': { type: 'boolean' },
  },
});

// Everything the kiosk writes (journal, WAL, log, secret store, key file) is for the kiosk user only.
process.umask(0o077);

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
const demo = !values['no-demo'] && process.env.GATEPOST_DEMO !== 'off';

const runtime = await KioskRuntime.start({ dataDir, demo });
const configured = runtime.current?.config.webShell.port ?? 0;
const port = values.port !== undefined ? Number(values.port) : configured;
let shell: WebShell;
try {
  shell = await startWebShell({
    rendererDir: resolve(here, '../renderer'),
    router: runtime.router,
    logger: runtime.logger,
    port,
    // The artwork follows the configuration in force (it may change on the console).
    artwork: () => readArtwork(dataDir, runtime.current?.config.display.artwork),
  });
} catch (err) {
  // One line, the same in the log: which port, and what to do about it.
  const code = (err as NodeJS.ErrnoException).code;
  const line =
    code === 'EADDRINUSE'
      ? `Port ${port} on 127.0.0.1 is already in use by another program (config.json webShell.port); stop it or choose another port`
      : `The web shell could not listen on 127.0.0.1:${port}: ${(err as Error).message}`;
  runtime.logger.fatal({ code: 'PORT-IN-USE' }, line);
  process.stderr.write(`gatepost: ${line}\n`);
  await runtime.close();
  // The log file is opened and written asynchronously: give the line up to a second to reach it.
  const logFile = join(dataDir, 'gatepost.log');
  for (let i = 0; i < 50 && !readFileSync(logFile, { flag: 'a+' }).includes('PORT-IN-USE'); i++)
    await new Promise((resolve) => setTimeout(resolve, 20));
  process.exit(2);
}

process.stdout.write(`GATEPOST_READY ${shell.launchUrl}\n`);
process.stdout.write(`Gatepost web shell on ${shell.url} (data dir ${dataDir})\n`);
const standby = runtime.status();
if (!runtime.current && standby.code)
  process.stdout.write(`GATEPOST_FAULT ${standby.code} ${standby.outOfService ?? ''}\n`);

let screens = 0;
let stopBridge: (() => void) | undefined;
shell.onClients((count) => {
  screens = count;
  runtime.current?.wedge.setConnected(count > 0);
});
runtime.onBooted((core) => {
  stopBridge?.();
  stopBridge = bridgeEvents(core.kiosk, shell.broadcast, core.logger);
  core.wedge.setConnected(screens > 0);
  // Screens connected before this (re)start learn at once what the kiosk now is.
  shell.broadcast('kiosk.status', core.kiosk.status());
  if (core.demo) process.stdout.write(core.demo.describe());
});
runtime.on('status', (status) => {
  const checked = events['kiosk.status'].safeParse(status);
  if (checked.success) shell.broadcast('kiosk.status', checked.data);
});
runtime.on('admin.requested', () => shell.broadcast('admin.requested', { via: 'badge' }));

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  runtime.logger.info({ signal }, 'web shell stopping');
  await shell.close();
  await runtime.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
