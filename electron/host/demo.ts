import type { KioskConfigInput } from '../core/config/kiosk-config.js';
import { PROVIDER_KINDS, type ProviderKind } from '../core/providers/provider.js';
import { startDemoDevices } from '../core/devices/demo-devices.js';

export interface Demo {
  config: KioskConfigInput;
  sandboxUrl: string;
  describe(): string;
  close(): Promise<void>;
}

/**
 * Demo mode: with nothing configured, the kiosk runs against a built-in sandbox on loopback with demo
 * tickets, so a tech (or a reviewer) can try it with a keyboard. Entry V1 by default;
 * `GATEPOST_DEMO_PROVIDER` picks another provider's sandbox. The sandboxes are loaded by dynamic import
 * only here, so a configured kiosk never loads them (and the bundler keeps them in their own chunk).
 * `GATEPOST_DEMO_DEVICES=sim` adds simulated hardware: a relay whose pulses show on screen and a serial
 * scanner on a pty pair.
 */
/** A packaged build without the sandboxes: the kiosk is "not configured" rather than a demo. */
export class DemoUnavailableError extends Error {
  override name = 'DemoUnavailableError';
}

export async function startDemo(
  kindName = process.env.GATEPOST_DEMO_PROVIDER ?? 'entry-v1',
  deviceMode = process.env.GATEPOST_DEMO_DEVICES,
): Promise<Demo> {
  if (!(PROVIDER_KINDS as readonly string[]).includes(kindName))
    throw new Error(`GATEPOST_DEMO_PROVIDER must be one of ${PROVIDER_KINDS.join(', ')}`);
  const kind = kindName as ProviderKind;
  let demoKits: typeof import('../sandbox/demo-kits.js').demoKits;
  try {
    ({ demoKits } = await import('../sandbox/demo-kits.js'));
  } catch (err) {
    // Packaged builds (the .deb, electron-builder) leave the sandboxes out: a pedestal without its
    // config must not come up looking operational against a fake ticket API.
    throw new DemoUnavailableError(
      'no config.json in the data dir, and this build has no demo mode (the sandboxes are not packaged): ' +
        'configure it on the technician console, or write config.json (see the README, "Install on a pedestal")',
      { cause: err },
    );
  }
  const kit = demoKits[kind]!;
  const { sandbox, settings, tokens } = await kit.start();
  const devices = deviceMode === 'sim' ? await startDemoDevices() : undefined;
  const config: KioskConfigInput = {
    deviceName: 'Gatepost demo',
    wedge: { manualEntry: true },
    provider: { kind, ...settings },
    ...(devices && { devices: devices.config }),
  };
  return {
    config,
    sandboxUrl: sandbox.url,
    describe: () =>
      [
        '',
        `DEMO MODE — no config.json in the data dir; using the built-in ${kind} sandbox at ${sandbox.url}`,
        'Type a barcode and press Enter (or use a keyboard-wedge scanner):',
        ...tokens.valid.map((t) => `  ${t}  → ADMIT; scan it again → STOP`),
        ...tokens.others.map(({ token, expect }) => `  ${token}  → ${expect}`),
        `  ${tokens.unknown}  → STOP (ticket not found)`,
        ...(devices?.describe() ?? ['Simulated turnstile and scanner: GATEPOST_DEMO_DEVICES=sim']),
        '',
      ].join('\n'),
    close: async () => {
      await devices?.close();
      await sandbox.close();
    },
  };
}
