import { useCallback, useEffect, useState } from 'react';
import type { AdminAction, Badge, ProvisioningState } from '../../../../electron/common/admin-contract';
import { t } from '../../i18n/i18n';
import { Keypad } from '../Keypad';
import { useConsole, when } from '../console-context';

/** PIN change, admin badges, the trusted provisioning key and scanning a code, the admin journal. */
export function AccessTab() {
  const { run } = useConsole();
  const [badges, setBadges] = useState<Badge[]>([]);
  const [label, setLabel] = useState('');
  const [trust, setTrust] = useState<ProvisioningState | null>(null);
  const [actions, setActions] = useState<AdminAction[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [changing, setChanging] = useState<'off' | 'first' | { first: string }>('off');

  const fetchAll = useCallback(
    () =>
      Promise.all([
        run((x, s) => x.listBadges(s, {})),
        run((x, s) => x.provisioningState(s, {})),
        run((x, s) => x.actions(s, {})),
      ]),
    [run],
  );
  const apply = ([b, p, a]: Awaited<ReturnType<typeof fetchAll>>) => {
    if (b.ok) setBadges(b.value);
    if (p.ok) setTrust(p.value);
    if (a.ok) setActions(a.value);
  };
  const load = async () => apply(await fetchAll());
  useEffect(() => {
    let active = true;
    void fetchAll().then((all) => {
      if (!active) return;
      const [b, p, a] = all;
      if (b.ok) setBadges(b.value);
      if (p.ok) setTrust(p.value);
      if (a.ok) setActions(a.value);
    });
    return () => {
      active = false;
    };
  }, [fetchAll]);

  const addBadge = async () => {
    setMessage(t('admin.waitingForScan'));
    const r = await run((x, s) => x.addBadge(s, { label: label.trim() || 'badge' }));
    setMessage(r.ok ? r.value.message : r.error);
    await load();
  };
  const removeBadge = async (id: string) => {
    await run((x, s) => x.removeBadge(s, { id }));
    await load();
  };
  const scanCode = async () => {
    setMessage(t('admin.waitingForScan'));
    const r = await run((x, s) => x.scanProvisioningCode(s, {}));
    setMessage(r.ok ? r.value.message : r.error);
    await load();
  };
  const changePin = async (pin: string) => {
    if (changing === 'first') return setChanging({ first: pin });
    if (changing === 'off' || changing.first !== pin) {
      setChanging('off');
      return setMessage(t('admin.pinMismatch'));
    }
    const r = await run((x, s) => x.changePin(s, { pin }));
    setChanging('off');
    setMessage(r.ok ? t('admin.pinChanged') : r.error);
    await load();
  };

  if (changing !== 'off')
    return (
      <Keypad
        key={changing === 'first' ? 'first' : 'repeat'}
        title={t('admin.changePin')}
        hint={changing === 'first' ? t('admin.pinSetHint') : t('admin.pinRepeat')}
        onSubmit={(pin) => void changePin(pin)}
        onCancel={() => setChanging('off')}
      />
    );

  return (
    <div className="admin__grid">
      <section>
        <p role="status" data-testid="access-message">
          {message}
        </p>
        <button type="button" data-testid="change-pin" onClick={() => setChanging('first')}>
          {t('admin.changePin')}
        </button>
        <h2>{t('admin.badges')}</h2>
        <ul data-testid="badges">
          {badges.map((b) => (
            <li key={b.id}>
              {b.label} ({b.hint}) {when(b.addedAt)}{' '}
              <button type="button" onClick={() => void removeBadge(b.id)}>
                {t('admin.remove')}
              </button>
            </li>
          ))}
        </ul>
        <label htmlFor="badge-label">{t('admin.badgeLabel')}</label>
        <input
          id="badge-label"
          data-testid="badge-label"
          value={label}
          onChange={(e) => setLabel(e.target.value)}
        />
        <button type="button" data-testid="add-badge" onClick={() => void addBadge()}>
          {t('admin.addBadge')}
        </button>
      </section>
      <section>
        <h2>{t('admin.provisioning')}</h2>
        <p data-testid="trusted-key">
          {trust?.keyId
            ? `${t('admin.trustedKey')}: ${trust.keyId} (${when(trust.pinnedAt)})`
            : t('admin.noTrustedKey')}
        </p>
        <button type="button" data-testid="scan-code" onClick={() => void scanCode()}>
          {t('admin.scanCode')}
        </button>
      </section>
      <section>
        <h2>{t('admin.actions')}</h2>
        <table className="admin__table" data-testid="admin-actions">
          <tbody>
            {actions.map((a, i) => (
              <tr key={`${a.at}-${i}`} data-action={a.action} data-outcome={a.outcome}>
                <td>{when(a.at)}</td>
                <td>{a.action}</td>
                <td>{a.subject ?? ''}</td>
                <td>{a.oldValue ?? ''}</td>
                <td>{a.newValue ?? ''}</td>
                <td>{a.outcome}</td>
                <td>{a.detail ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
