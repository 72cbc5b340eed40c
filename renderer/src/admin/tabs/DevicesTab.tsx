import { useCallback, useState } from 'react';
import type {
  DeviceDiscovery,
  DeviceTestAction,
  DeviceTestResult,
} from '../../../../electron/common/admin-contract';
import { t, type MessageKey } from '../../i18n/i18n';
import { useConsole } from '../console-context';
import { usePoll } from '../use-poll';

const TESTS: { action: DeviceTestAction; label: MessageKey }[] = [
  { action: 'pulse-entry', label: 'admin.pulseEntry' },
  { action: 'pulse-exit', label: 'admin.pulseExit' },
  { action: 'beep', label: 'admin.beep' },
  { action: 'read-scan', label: 'admin.readScan' },
  { action: 'read-tap', label: 'admin.readTap' },
];

/** Attached devices and what each is assigned to, device health, and one button per device test. */
export function DevicesTab() {
  const { run, sounds } = useConsole();
  const [found, setFound] = useState<DeviceDiscovery | null>(null);
  const [result, setResult] = useState<{ action: string; result: DeviceTestResult | 'waiting' } | null>(null);
  const load = useCallback(() => run((a, s) => a.deviceHealth(s, {})), [run]);
  const { value: health } = usePoll(load, 1000);

  const discover = async () => {
    const r = await run((a, s) => a.discoverDevices(s, {}));
    if (r.ok) setFound(r.value);
  };
  const test = async (action: DeviceTestAction) => {
    setResult({ action, result: 'waiting' });
    const r = await run((a, s) => a.testDevice(s, { action }));
    const value = r.ok ? r.value : { ok: false, message: r.error };
    // The screen's own speaker is part of the kiosk too.
    if (action === 'beep' && value.ok) sounds?.play('admit');
    setResult({ action, result: value });
  };
  const gate = async (hold: boolean) => {
    const r = await run((a, s) =>
      hold ? a.holdGateOpen(s, { reason: 'technician test' }) : a.releaseGate(s, {}),
    );
    setResult({
      action: hold ? 'hold-open' : 'release',
      result: r.ok ? r.value : { ok: false, message: r.error },
    });
  };

  return (
    <div>
      <section>
        <h2>{t('admin.tests')}</h2>
        <div className="button-grid">
          {TESTS.map((x) => (
            <button
              key={x.action}
              type="button"
              data-testid={`device-test-${x.action}`}
              onClick={() => void test(x.action)}
            >
              {t(x.label)}
            </button>
          ))}
          <button type="button" data-testid="gate-hold" onClick={() => void gate(true)}>
            {t('admin.holdOpen')}
          </button>
          <button type="button" data-testid="gate-release" onClick={() => void gate(false)}>
            {t('admin.release')}
          </button>
        </div>
        <p
          role="status"
          data-testid="device-test-result"
          data-action={result?.action}
          data-ok={result && result.result !== 'waiting' ? String(result.result.ok) : undefined}
        >
          {result && (result.result === 'waiting' ? t('admin.waitingForScan') : result.result.message)}
        </p>
      </section>
      <section>
        <h2>{t('admin.devices')}</h2>
        <table className="admin__table" data-testid="device-health">
          <tbody>
            {(health ?? []).map((d) => (
              <tr key={d.id} data-device={d.id} data-state={d.state}>
                <td>{d.id}</td>
                <td>{d.role}</td>
                <td>{d.kind}</td>
                <td>{d.state}</td>
                <td>{d.code ?? ''}</td>
                <td>{d.lastReadAt !== undefined ? new Date(d.lastReadAt).toLocaleTimeString() : ''}</td>
                <td>{d.lastError ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section>
        <h2>{t('admin.attached')}</h2>
        <button type="button" data-testid="discover" onClick={() => void discover()}>
          {t('admin.discover')}
        </button>
        {found && (
          <>
            <ul data-testid="discovered">
              {found.devices.length === 0 && <li>{t('admin.noneFound')}</li>}
              {found.devices.map((d) => (
                <li key={d.bus + d.path}>
                  {d.description} — {d.bus} {d.path} {d.vendorId && `[${d.vendorId}:${d.productId}]`} ·{' '}
                  {d.assignedTo ? `${t('admin.assignedTo')} ${d.assignedTo}` : t('admin.unassigned')}
                </li>
              ))}
              {found.errors.map((e) => (
                <li key={e} className="admin__error">
                  {e}
                </li>
              ))}
            </ul>
            <h3>{t('admin.configuredDevices')}</h3>
            <ul data-testid="configured-devices">
              {found.configured.map((c) => (
                <li key={c.id}>
                  {c.id} ({c.role}) → {c.target}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </div>
  );
}
