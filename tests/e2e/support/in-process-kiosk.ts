import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KioskConfig } from '../../../electron/core/config/kiosk-config.js';
import { bootKiosk, bridgeEvents, type BootedKiosk } from '../../../electron/host/index.js';
import { startWebShell } from '../../../electron/web-shell/web-shell-server.js';

const RENDERER_DIR = fileURLToPath(new URL('../../../out/renderer', import.meta.url));

export interface InProcessKiosk {
  launchUrl: string;
  /** The booted kiosk, for states no config or sandbox can produce (the gate held open by a fire alarm). */
  core: BootedKiosk;
  close(): Promise<void>;
}

/**
 * The web shell's own wiring (host composition root + web-shell server + the built renderer) run inside
 * the test process instead of as a child, so a test can reach the devices the host built. Everything
 * else is the real kiosk. Use the child-process `launchKiosk` whenever a config can produce the state.
 */
/** `config` is validated by the kiosk's own schema, as config.json would be. */
export async function startInProcessKiosk(config: Record<string, unknown>): Promise<InProcessKiosk> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatepost-e2e-inproc-'));
  let core: BootedKiosk | undefined;
  try {
    core = await bootKiosk({ dataDir, config: KioskConfig.parse(config), preallocate: false });
    const booted = core;
    const shell = await startWebShell({
      rendererDir: RENDERER_DIR,
      router: booted.router,
      logger: booted.logger,
      port: 0,
    });
    bridgeEvents(booted.kiosk, shell.broadcast, booted.logger);
    shell.onClients((count) => booted.wedge.setConnected(count > 0));
    return {
      launchUrl: shell.launchUrl,
      core: booted,
      async close() {
        try {
          await shell.close();
          await booted.close();
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    await core?.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}
