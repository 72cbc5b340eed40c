/**
 * Web-shell entry: the kiosk core plus a loopback HTTP/WebSocket server, under plain Node. Used where no
 * Electron binary exists, and by the e2e tests. Never imports `electron`.
 *
 *   node out/main/web-shell.js [--data-dir DIR] [--port N]
 *
 * Prints `GATEPOST_READY <launch url>` on stdout once it serves (a named readiness signal for tests and the
 * launcher), followed by the demo barcodes in demo mode. When start-up fails (damaged disk, read-only data
 * dir, no space, bad config) it still serves the renderer, which shows out-of-service with the fault's
 * code, and keeps retrying start-up.
 *
 * Tests only: with GATEPOST_CLOCK_OFFSET_FILE set, the kiosk's clock is the system clock plus the offset
 * in that file (re-read on change; `GATEPOST_CLOCK <offset>` is printed when a new one takes effect).
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { KioskHost, bridgeEvents, clockFromEnv, defaultDataDir } from '../host/index.js';
import { startWebShell } from './web-shell-server.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
  },
});

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
const clock = clockFromEnv(process.env, (offsetMs) => process.stdout.write(`GATEPOST_CLOCK ${offsetMs}\n`));

const host = await KioskHost.start({ dataDir, ...(clock && { now: clock.now }) });
const port = values.port !== undefined ? Number(values.port) : host.port;
const shell = await startWebShell({
  rendererDir: resolve(here, '../renderer'),
  router: host.router,
  logger: host.logger,
  port,
});
let screens = 0;
let announced = false;
shell.onClients((count) => {
  screens = count;
  host.core?.wedge.setConnected(count > 0);
});
host.on('status', (status) => shell.broadcast('kiosk.status', status));
host.onBooted((core) => {
  bridgeEvents(core.kiosk, shell.broadcast, core.logger);
  core.wedge.setConnected(screens > 0);
  // Screens that connected during a start-up fault learn at once that the kiosk now runs.
  shell.broadcast('kiosk.status', core.kiosk.status());
  if (announced && core.demo) process.stdout.write(core.demo.describe());
});

process.stdout.write(`GATEPOST_READY ${shell.launchUrl}\n`);
process.stdout.write(`Gatepost web shell on ${shell.url} (data dir ${dataDir})\n`);
announced = true;
const fault = host.startupFault;
if (fault) process.stdout.write(`GATEPOST_FAULT ${fault.code} ${fault.message}\n`);
if (host.core?.demo) process.stdout.write(host.core.demo.describe());

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  host.logger.info({ signal }, 'web shell stopping');
  clock?.stop();
  await shell.close();
  await host.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
