/**
 * Web-shell entry: the kiosk core plus a loopback HTTP/WebSocket server, under plain Node. Used where no
 * Electron binary exists, and by the e2e tests. Never imports `electron`.
 *
 *   node out/main/web-shell.js [--data-dir DIR] [--port N] [--token-file FILE] [--launch-file FILE] [--no-demo]
 *
 * Prints `GATEPOST_READY <launch url>` on stdout once it serves (a named readiness signal for tests and the
 * launcher), followed by the demo barcodes in demo mode. Under systemd (stdout is the journal, which other
 * users may be allowed to read) the line carries no token. The token lives in `--token-file` (default
 * `<data dir>/web-shell.token`, mode 0600) so it survives restarts; `--launch-file` writes the page a
 * browser is started on (see launch-handover.ts). With NOTIFY_SOCKET set it tells systemd when it is ready
 * and pings the watchdog. `--no-demo` (or `GATEPOST_DEMO=off`): with no config.json the kiosk shows "not
 * configured" instead of the demo (what an installed kiosk wants). When start-up fails (damaged disk,
 * read-only data dir, no space, bad config) it still serves the renderer, which shows out-of-service with
 * the fault's code, and keeps retrying start-up.
 *
 * Tests only: with GATEPOST_CLOCK_OFFSET_FILE set, the kiosk's clock is the system clock plus the offset
 * in that file (re-read on change; `GATEPOST_CLOCK <offset>` is printed when a new one takes effect).
 */
import { fstatSync, mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { events } from '../common/contract.js';
import { KioskRuntime, bridgeEvents, clockFromEnv, defaultDataDir } from '../host/index.js';
import { startWebShell, type WebShell } from './web-shell-server.js';
import { readArtwork } from './artwork.js';
import { loadOrCreateToken, removeLaunchPage, writeLaunchPage } from './launch-handover.js';
import { createSystemdNotifier } from './systemd-notify.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    'token-file': { type: 'string' },
    'launch-file': { type: 'string' },
    'no-demo': { type: 'boolean' },
  },
});

// Everything the kiosk writes (journal, WAL, log, secret store, key file) is for the kiosk user only.
process.umask(0o077);

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
const demo = !values['no-demo'] && process.env.GATEPOST_DEMO !== 'off';

const launchFile = values['launch-file'] && resolve(values['launch-file']);

// Before the runtime tightens the data dir: a token file others could read must be replaced, not reused.
mkdirSync(dataDir, { recursive: true, mode: 0o700 });
let tokenUnsaved: NodeJS.ErrnoException | undefined;
const token = loadOrCreateToken(
  resolve(values['token-file'] ?? `${dataDir}/web-shell.token`),
  (err) => (tokenUnsaved = err),
);
const clock = clockFromEnv(process.env, (offsetMs) => process.stdout.write(`GATEPOST_CLOCK ${offsetMs}\n`));
const runtime = await KioskRuntime.start({ dataDir, demo, ...(clock && { now: clock.now }) });
if (tokenUnsaved)
  runtime.logger.warn(
    { code: tokenUnsaved.code },
    'the web shell token could not be saved; it holds for this run only',
  );
const notifier = createSystemdNotifier(runtime.logger);
const port = values.port !== undefined ? Number(values.port) : runtime.port;
let shell: WebShell;
try {
  shell = await startWebShell({
    rendererDir: resolve(here, '../renderer'),
    router: runtime.router,
    logger: runtime.logger,
    port,
    // The artwork follows the configuration in force (it may change on the console).
    artwork: () => readArtwork(dataDir, runtime.current?.config.display.artwork),
    token,
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
  clock?.stop();
  // The log file writes what is still pending synchronously at exit (see LogFile).
  await runtime.close();
  process.exit(2);
}

let screens = 0;
let stopBridge: (() => void) | undefined;
let announced = false;
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
  if (announced && core.demo) process.stdout.write(core.demo.describe());
});
runtime.on('status', (status) => {
  const checked = events['kiosk.status'].safeParse(status);
  if (checked.success) shell.broadcast('kiosk.status', checked.data);
});
runtime.on('admin.requested', () => shell.broadcast('admin.requested', { via: 'badge' }));

// Before anything announces readiness: a supervisor may send SIGTERM the moment it reads the line.
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
if (launchFile) writeLaunchPage(launchFile, shell.launchUrl);
notifier.ready(`serving ${shell.url}`);
// Healthy while the journal is open; with no core (not configured, invalid config) the stand-in is.
notifier.startWatchdog(() => runtime.current?.db.open ?? true);

process.stdout.write(`GATEPOST_READY ${stdoutIsJournal() ? shell.url : shell.launchUrl}\n`);
process.stdout.write(`Gatepost web shell on ${shell.url} (data dir ${dataDir})\n`);
announced = true;
const standby = runtime.status();
if (!runtime.current && standby.code)
  process.stdout.write(`GATEPOST_FAULT ${standby.code} ${standby.outOfService ?? ''}\n`);
if (runtime.current?.demo) process.stdout.write(runtime.current.demo.describe());

/** systemd sets JOURNAL_STREAM to stdout's device:inode when stdout is the journal (children inherit it). */
function stdoutIsJournal(): boolean {
  const stream = process.env.JOURNAL_STREAM;
  if (!stream) return false;
  try {
    const { dev, ino } = fstatSync(1);
    return stream === `${dev}:${ino}`;
  } catch {
    return true;
  }
}

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  runtime.logger.info({ signal }, 'web shell stopping');
  clock?.stop();
  notifier.stopping();
  if (launchFile) removeLaunchPage(launchFile);
  await shell.close();
  await runtime.close();
  notifier.close();
  process.exit(0);
}
