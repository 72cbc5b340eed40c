/**
 * Web-shell entry: the kiosk core plus a loopback HTTP/WebSocket server, under plain Node. Used where no
 * Electron binary exists, and by the e2e tests. Never imports `electron`.
 *
 *   node out/main/web-shell.js [--data-dir DIR] [--port N]
 *
 * Prints `GATEPOST_READY <launch url>` on stdout once it serves (a named readiness signal for tests and the
 * launcher), followed by the demo barcodes in demo mode.
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { bootKiosk, bridgeEvents, defaultDataDir } from '../host/index.js';
import { startWebShell } from './web-shell-server.js';
import { readArtwork } from './artwork.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
  },
});

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = resolve(values['data-dir'] ?? defaultDataDir());

const core = await bootKiosk({ dataDir });
const port = values.port !== undefined ? Number(values.port) : core.config.webShell.port;
const shell = await startWebShell({
  rendererDir: resolve(here, '../renderer'),
  router: core.router,
  logger: core.logger,
  port,
  artwork: () => readArtwork(dataDir, core.config.display.artwork),
});
bridgeEvents(core.kiosk, shell.broadcast, core.logger);
shell.onClients((count) => core.wedge.setConnected(count > 0));

process.stdout.write(`GATEPOST_READY ${shell.launchUrl}\n`);
process.stdout.write(`Gatepost web shell on ${shell.url} (data dir ${dataDir})\n`);
if (core.demo) process.stdout.write(core.demo.describe());

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  core.logger.info({ signal }, 'web shell stopping');
  await shell.close();
  await core.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
