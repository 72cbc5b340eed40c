import { useCallback, useEffect, useState } from 'react';
import type { JournalEntryView, JournalQuery } from '../../../../electron/common/admin-contract';
import { t } from '../../i18n/i18n';
import { useConsole } from '../console-context';

/** The last 200 journal entries, filtered by outcome, mode, reason code and source. */
export function JournalTab() {
  const { run } = useConsole();
  const [filter, setFilter] = useState<JournalQuery>({ limit: 200 });
  const [rows, setRows] = useState<JournalEntryView[] | null>(null);

  const load = useCallback(
    async (query: JournalQuery) => {
      const r = await run((a, s) => a.queryJournal(s, { query }));
      if (r.ok) setRows(r.value);
    },
    [run],
  );
  useEffect(() => {
    let active = true;
    void run((a, s) => a.queryJournal(s, { query: { limit: 200 } })).then((r) => {
      if (active && r.ok) setRows(r.value);
    });
    return () => {
      active = false;
    };
  }, [run]);

  const text = (key: 'reasonCode' | 'source', value: string) =>
    setFilter((f) => {
      const next = { ...f };
      if (value.trim()) next[key] = value.trim();
      else delete next[key];
      return next;
    });

  return (
    <div>
      <form className="filters" onSubmit={(e) => (e.preventDefault(), void load(filter))}>
        <label>
          {t('admin.filterOutcome')}
          <select
            data-testid="filter-outcome"
            value={filter.outcome ?? ''}
            onChange={(e) =>
              setFilter(({ outcome: _o, ...f }) =>
                e.target.value ? { ...f, outcome: e.target.value as JournalQuery['outcome'] } : f,
              )
            }
          >
            <option value="">{t('admin.any')}</option>
            <option value="admit">admit</option>
            <option value="stop">stop</option>
            <option value="see-staff">see-staff</option>
          </select>
        </label>
        <label>
          {t('admin.filterMode')}
          <select
            data-testid="filter-mode"
            value={filter.mode ?? ''}
            onChange={(e) =>
              setFilter(({ mode: _m, ...f }) =>
                e.target.value ? { ...f, mode: e.target.value as JournalQuery['mode'] } : f,
              )
            }
          >
            <option value="">{t('admin.any')}</option>
            <option value="online">online</option>
            <option value="offline">offline</option>
            <option value="timeout">timeout</option>
            <option value="local">local</option>
          </select>
        </label>
        <label>
          {t('admin.filterReason')}
          <input
            data-testid="filter-reason"
            value={filter.reasonCode ?? ''}
            onChange={(e) => text('reasonCode', e.target.value)}
          />
        </label>
        <label>
          {t('admin.filterSource')}
          <input
            data-testid="filter-source"
            value={filter.source ?? ''}
            onChange={(e) => text('source', e.target.value)}
          />
        </label>
        <button type="submit" data-testid="filter-apply">
          {t('admin.apply')}
        </button>
      </form>
      <table className="admin__table" data-testid="journal" data-rows={rows?.length}>
        <thead>
          <tr>
            <th scope="col">⌚</th>
            <th scope="col">{t('admin.filterSource')}</th>
            <th scope="col">#</th>
            <th scope="col">{t('admin.filterOutcome')}</th>
            <th scope="col">{t('admin.filterMode')}</th>
            <th scope="col">{t('admin.filterReason')}</th>
            <th scope="col">raw</th>
            <th scope="col">gate</th>
          </tr>
        </thead>
        <tbody>
          {rows?.map((r) => (
            <tr key={r.scanId} data-outcome={r.outcome} data-mode={r.mode}>
              <td>{new Date(r.at).toLocaleTimeString()}</td>
              <td>{r.source}</td>
              <td>{r.tokenHint}</td>
              <td>{r.outcome}</td>
              <td>{r.mode}</td>
              <td>{r.reasonCode}</td>
              <td>{r.rawStatus ?? ''}</td>
              <td>{r.gateResult ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
