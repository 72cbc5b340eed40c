import { useCallback, useState } from 'react';
import { t } from '../../i18n/i18n';
import { useConsole, when } from '../console-context';
import { usePoll } from '../use-poll';
import { DeadLetterList } from './DeadLetterList';

/**
 * Is the provider reachable and how fast, online/offline since when, uploads (with "upload now"), the
 * dead letters, today's counts as a small bar chart and the per-stage latency percentiles.
 */
export function DiagnosticsTab() {
  const { run } = useConsole();
  const loadDiag = useCallback(() => run((a, s) => a.diagnostics(s, {})), [run]);
  const loadStatus = useCallback(() => run((a, s) => a.status(s, {})), [run]);
  const { value: diag } = usePoll(loadDiag, 2000);
  const { value: status } = usePoll(loadStatus, 2000);
  const [upload, setUpload] = useState<string | null>(null);

  const uploadNow = async () => {
    const r = await run((a, s) => a.uploadNow(s, {}));
    setUpload(r.ok ? r.value.message : r.error);
  };

  const bars = diag
    ? [
        { label: t('admin.admitted'), count: diag.today.admitted, cls: 'admit' },
        ...diag.today.stopped.map((s) => ({
          label: `${t('admin.stoppedBy')}: ${s.reasonCode}`,
          count: s.count,
          cls: 'stop',
        })),
        { label: t('admin.seeStaff'), count: diag.today.seeStaff, cls: 'staff' },
      ]
    : [];
  const max = Math.max(1, ...bars.map((b) => b.count));

  return (
    <div className="admin__grid" data-diagnostics-ready={diag ? 'true' : undefined}>
      <section>
        <h2>{t('admin.provider')}</h2>
        {diag && (
          <p data-testid="provider-reachable" data-reachable={String(diag.providerReachable)}>
            {diag.providerReachable ? t('admin.reachable') : t('admin.unreachable')}
            {diag.lastProviderLatencyMs !== undefined &&
              ` · ${t('admin.lastLatency')} ${diag.lastProviderLatencyMs} ms`}
          </p>
        )}
        {status && (
          <p>
            {status.connectivity === 'online' ? t('admin.online') : t('admin.offline')} {t('admin.since')}{' '}
            {when(status.since)}
          </p>
        )}
        <h2>{t('admin.uploads')}</h2>
        <p data-testid="diag-pending">{status?.pendingUploads ?? '—'}</p>
        <button type="button" data-testid="upload-now" onClick={() => void uploadNow()}>
          {t('admin.uploadNow')}
        </button>
        <p role="status">{upload}</p>
        <DeadLetterList letters={status?.deadLetters ?? []} />
      </section>
      <section>
        <h2>{t('admin.today')}</h2>
        <ul className="bars" data-testid="today-chart">
          {bars.map((b) => (
            <li key={b.label} data-count={b.count}>
              <span className="bars__label">{b.label}</span>
              <span
                className={`bars__bar bars__bar--${b.cls}`}
                style={{ width: `${(100 * b.count) / max}%` }}
              />
              <span className="bars__count">{b.count}</span>
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2>{t('admin.latency')}</h2>
        <table className="admin__table" data-testid="latency">
          <thead>
            <tr>
              <th scope="col">{t('admin.stage')}</th>
              <th scope="col">p50</th>
              <th scope="col">p95</th>
              <th scope="col">p99</th>
              <th scope="col">n</th>
            </tr>
          </thead>
          <tbody>
            {diag?.latency.map((l) => (
              <tr key={l.stage}>
                <td>{l.stage}</td>
                <td>{l.p50}</td>
                <td>{l.p95}</td>
                <td>{l.p99}</td>
                <td>{l.n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
