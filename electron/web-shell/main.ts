/**
 * Web-shell entry: the kiosk core plus a loopback HTTP/WebSocket server, under plain Node. Used where no
 * Electron binary exists, and by the e2e tests. Never imports `electron`.
 *
 *   node out/main/web-shell.js [--data-dir DIR] [--port N] [--token-file FILE] [--launch-file FILE]
 *
 * Prints `GATEPOST_READY <launch url>` on stdout once it serves (a named readiness signal for tests and the
 * launcher), followed by the demo barcodes in demo mode. Under systemd (stdout is the journal, which other
 * users may be allowed to read) the line carries no token. The token lives in `--token-file` (default
 * `<data dir>/web-shell.token`, mode 0600) so it survives restarts; `--launch-file` writes the page a
 * browser is started on (see launch-handover.ts). With NOTIFY_SOCKET set it tells systemd when it is ready
 * and pings the watchdog.
 */
import { fstatSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { bootKiosk, bridgeEvents, defaultDataDir } from '../host/index.js';
import { startWebShell } from './web-shell-server.js';
import { readArtwork } from './artwork.js';
import { loadOrCreateToken, removeLaunchPage, writeLaunchPage } from './launch-handover.js';
import { createSystemdNotifier } from './systemd-notify.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    'token-file': { type: 'string' },
    'launch-file': { type: 'string' },
  },
});

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = resolve(values['data-dir'] ?? defaultDataDir());

const launchFile = values['launch-file'] && resolve(values['launch-file']);

const core = await bootKiosk({ dataDir });
const notifier = createSystemdNotifier(core.logger);
const port = values.port !== undefined ? Number(values.port) : core.config.webShell.port;
const shell = await startWebShell({
  rendererDir: resolve(here, '../renderer'),
  router: core.router,
  logger: core.logger,
  port,
  artwork: () => readArtwork(dataDir, core.config.display.artwork),
  token: loadOrCreateToken(resolve(values['token-file'] ?? `${dataDir}/web-shell.token`)),
});
bridgeEvents(core.kiosk, shell.broadcast, core.logger);
shell.onClients((count) => core.wedge.setConnected(count > 0));
// Before anything announces readiness: a supervisor may send SIGTERM the moment it reads the line.
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
if (launchFile) writeLaunchPage(launchFile, shell.launchUrl);
notifier.ready(`serving ${shell.url}`);
notifier.startWatchdog(() => core.db.open);

process.stdout.write(`GATEPOST_READY ${stdoutIsJournal() ? shell.url : shell.launchUrl}\n`);
process.stdout.write(`Gatepost web shell on ${shell.url} (data dir ${dataDir})\n`);
if (core.demo) process.stdout.write(core.demo.describe());

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
  core.logger.info({ signal }, 'web shell stopping');
  notifier.stopping();
  if (launchFile) removeLaunchPage(launchFile);
  await shell.close();
  await core.close();
  notifier.close();
  process.exit(0);
}
