import { useCallback } from 'react';
import { t } from '../../i18n/i18n';
import { useConsole, when } from '../console-context';
import { usePoll } from '../use-poll';
import { DeadLetterList } from './DeadLetterList';

/**
 * Is the kiosk online, since when, what waits to be uploaded, what the API refused, how much reference
 * data is cached for offline decisions, and the latest scans with their raw provider status.
 */
export function StatusTab() {
  const { run } = useConsole();
  const load = useCallback(() => run((a, s) => a.status(s, {})), [run]);
  const { value: status, error } = usePoll(load, 1000);
  return (
    <div data-admin-ready={status ? 'true' : undefined}>
      {error && <p className="admin__error">{error}</p>}
      {status && (
        <>
          <section className="admin__grid">
            <div>
              <h2>{t('admin.mode')}</h2>
              <p className={`admin__mode admin__mode--${status.connectivity}`} data-testid="admin-mode">
                {status.connectivity === 'online' ? t('admin.online') : t('admin.offline')}
              </p>
              <p>
                {t('admin.since')} {when(status.since)}
              </p>
              {status.reason && <p className="admin__muted">{status.reason}</p>}
              <p className="admin__muted">
                {t('admin.provider')}: {status.provider} · {t('admin.policy')}: {status.offlinePolicy}
              </p>
            </div>
            <div>
              <h2>{t('admin.uploads')}</h2>
              <p className="admin__big" data-testid="pending-uploads">
                {status.pendingUploads}
              </p>
              <p>
                {t('admin.waiting')} · {status.uploaded} {t('admin.uploaded')}
              </p>
              <p className="admin__muted" data-testid="upload-state">
                {status.upload.state}
                {status.upload.failures > 0 && ` · ${status.upload.failures} ${t('admin.failures')}`}
                {status.upload.lastError && ` · ${status.upload.lastError}`}
                {status.upload.nextAttemptAt !== undefined &&
                  ` · ${t('admin.nextTry')} ${when(status.upload.nextAttemptAt)}`}
              </p>
              {status.shedScans > 0 && (
                <p className="admin__muted" data-testid="shed-scans">
                  {status.shedScans} {t('admin.shed')}
                </p>
              )}
            </div>
            <div>
              <h2>{t('admin.reference')}</h2>
              <p>
                {status.eventsCached} {t('admin.events')} · {status.ticketsCached} {t('admin.tickets')}
              </p>
              <p data-testid="reference-synced">
                {t('admin.synced')} {when(status.referenceSyncedAt)}
              </p>
            </div>
          </section>
          {status.faults && status.faults.length > 0 && (
            <section>
              <h2>{t('admin.faults')}</h2>
              <ul data-testid="kiosk-faults">
                {status.faults.map((f) => (
                  <li key={f.code} data-code={f.code}>
                    <strong>{f.code}</strong> — {f.message}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section>
            <h2>{t('admin.devices')}</h2>
            <table className="admin__table" data-testid="devices">
              <tbody>
                {status.devices.map((d) => (
                  <tr key={d.id} data-device={d.id} data-state={d.state}>
                    <td>{d.id}</td>
                    <td>{d.kind}</td>
                    <td>{d.state}</td>
                    <td>{d.code ?? ''}</td>
                    <td>{d.detail ?? ''}</td>
                    <td>{d.lastError ?? ''}</td>
                    <td>{d.errors}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section>
            <DeadLetterList letters={status.deadLetters} testId="dead-letters" />
          </section>
          <section>
            <h2>{t('admin.recent')}</h2>
            <table className="admin__table" data-testid="recent-scans">
              <tbody>
                {status.recentScans.map((s) => (
                  <tr key={s.scanId} data-outcome={s.outcome}>
                    <td>{new Date(s.at).toLocaleTimeString()}</td>
                    <td>{s.tokenHint}</td>
                    <td>{s.outcome}</td>
                    <td>{s.mode}</td>
                    <td>{s.reasonCode}</td>
                    <td>{s.rawStatus ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </div>
  );
}
