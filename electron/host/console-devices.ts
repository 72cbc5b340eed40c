import { randomUUID } from 'node:crypto';
import type { DeviceDiscovery, DeviceTestResult } from '../common/admin-contract.js';
import { DevicesConfig } from '../core/devices/device-config.js';
import { configuredDevices, listAttachedDevices } from '../core/devices/discovery.js';
import { RpcRefusal } from '../core/rpc/rpc-router.js';
import { tokenHint } from '../core/scan/normalise.js';
import type { BootedKiosk } from './boot.js';
import { DEFAULT_CAPTURE_MS, type ConsoleParts } from './console-parts.js';

/**
 * The console's devices: what is attached and what it is assigned to, and the tests (relay pulses, beep,
 * read one scan or tap, hold the gate open). Every test is journaled with its result.
 */
export class ConsoleDevices {
  constructor(private readonly deps: ConsoleParts) {}

  private journal(entry: Parameters<ConsoleParts['journal']>[0]): void {
    this.deps.journal(entry);
  }

  private get gatekeeper() {
    return this.deps.gatekeeper;
  }

  private core(): BootedKiosk {
    const core = this.deps.runtime.current;
    if (!core) throw new RpcRefusal('the kiosk is not running (not configured, or restarting)');
    return core;
  }

  async discover(): Promise<DeviceDiscovery> {
    const { runtime } = this.deps;

    const devices = runtime.current?.config.devices ?? this.fallbackDevices();
    const found = await listAttachedDevices(devices);
    // PC/SC readers are seen by the NFC reader process, which runs while devices.nfc is enabled.
    const nfc = runtime.current?.devices.nfc;
    const readers = (nfc?.readerHealth() ?? []).map((r) => ({
      bus: 'pcsc' as const,
      path: r.id.replace(/^nfc:/, '').slice(0, 256),
      description: `PC/SC reader (${r.state})`.slice(0, 200),
      assignedTo: 'nfc',
    }));
    const errors = nfc
      ? found.errors
      : [...found.errors, 'PC/SC readers are listed while devices.nfc is enabled'];
    return {
      devices: [...found.devices, ...readers].slice(0, 64),
      errors: errors.map((e) => e.slice(0, 300)).slice(0, 8),
      configured: configuredDevices(devices).map((c) => ({ ...c, target: c.target.slice(0, 256) })),
    };
  }

  async holdOpen(reason: string): Promise<DeviceTestResult> {
    const controller = this.core().devices.gateController;
    if (!controller) return { ok: false, message: 'no relay is configured (devices.gate)' };
    const result = await controller.holdOpen(`held open by a technician: ${reason}`);
    const ok = result.kind === 'held-open';
    this.journal({
      action: 'gate-hold-open',
      subject: 'gate',
      outcome: ok ? 'ok' : 'failed',
      detail: reason,
    });
    return {
      ok,
      message: ok ? 'gate held open' : `failed: ${'reason' in result ? result.reason : result.kind}`,
    };
  }

  async release(): Promise<DeviceTestResult> {
    const controller = this.core().devices.gateController;
    if (!controller) return { ok: false, message: 'no relay is configured (devices.gate)' };
    await controller.release();
    this.journal({ action: 'gate-release', subject: 'gate', outcome: 'ok' });
    return { ok: true, message: 'gate released' };
  }

  async test(
    action: 'pulse-entry' | 'pulse-exit' | 'beep' | 'read-scan' | 'read-tap',
    timeoutMs = DEFAULT_CAPTURE_MS,
  ): Promise<DeviceTestResult> {
    const record = (result: DeviceTestResult) => {
      this.journal({
        action: `test-${action}`,
        outcome: result.ok ? 'ok' : 'failed',
        detail: result.message,
      });
      return result;
    };
    if (action === 'read-scan' || action === 'read-tap') {
      const nfc = action === 'read-tap';
      if (nfc && !this.deps.runtime.status().devices.some((d) => d.role === 'nfc'))
        return record({ ok: false, message: 'no NFC reader is configured (devices.nfc)' });
      const read = await this.gatekeeper.captureNext(
        (r) => (nfc ? r.inputType === 'NFC' : r.inputType !== 'NFC'),
        timeoutMs,
      );
      if (!read)
        return record({ ok: false, message: `nothing read within ${Math.round(timeoutMs / 1000)} s` });
      const hint = tokenHint(read.token);
      return record({
        ok: true,
        message: `read ${hint} from ${read.source}${read.symbology ? ` (${read.symbology})` : ''}`,
        tokenHint: hint,
        source: read.source.slice(0, 64),
      });
    }
    const core = this.core();
    if (action === 'beep') {
      const beepers = core.devices.scanners.filter((s) => typeof s.feedback === 'function');
      if (beepers.length === 0)
        return record({
          ok: true,
          message: 'no scanner with a beeper is configured; the screen played the admit sound',
        });
      for (const s of beepers) s.feedback!('admit');
      setTimeout(() => beepers.forEach((s) => s.feedback!('idle')), 500).unref();
      return record({ ok: true, message: `beep sent to ${beepers.map((s) => s.id).join(', ')}` });
    }
    const direction = action === 'pulse-entry' ? 'entry' : 'exit';
    const result = await core.devices.gate.open(direction, `test-${randomUUID()}`);
    switch (result.kind) {
      case 'pulsed':
        return record({
          ok: true,
          message: `${direction} relay pulsed: channel ${result.channel}, ${result.ms} ms`,
        });
      case 'none':
        return record({ ok: false, message: 'no relay is configured (devices.gate)' });
      case 'held-open':
        return record({ ok: false, message: 'the gate is held open; release it first' });
      case 'failed':
        return record({ ok: false, message: `relay failed: ${result.reason}`.slice(0, 300) });
    }
  }

  private fallbackDevices() {
    return DevicesConfig.parse({});
  }
}
