import { useState } from 'react';
import type { SaveResult } from '../../../../electron/common/admin-contract';
import { t } from '../../i18n/i18n';
import { useConsole } from '../console-context';
import { download, fileName } from '../download';

/** Most bytes of a configuration file the screen reads (the socket takes 64 KiB messages). */
const MAX_IMPORT_BYTES = 60_000;

/** Export the configuration (never its secrets) and the journal (CSV); import a configuration file. */
export function DataTab() {
  const { run } = useConsole();
  const [message, setMessage] = useState<string | null>(null);
  const [imported, setImported] = useState<SaveResult | null>(null);

  const exportConfig = async () => {
    const r = await run((a, s) => a.exportConfig(s, {}));
    if (!r.ok) return setMessage(r.error);
    download(fileName('config', 'json'), r.value.json, 'application/json');
    setMessage(t('admin.exportConfig'));
  };
  const exportJournal = async () => {
    const r = await run((a, s) => a.exportJournal(s, {}));
    if (!r.ok) return setMessage(r.error);
    download(fileName('journal', 'csv'), r.value.csv, 'text/csv');
    setMessage(t('admin.exportJournal'));
  };
  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setImported(null);
    if (file.size > MAX_IMPORT_BYTES)
      return setMessage(`${file.name}: larger than ${MAX_IMPORT_BYTES} bytes`);
    const json = await file.text();
    const r = await run((a, s) => a.importConfig(s, { json }));
    if (!r.ok) return setMessage(r.error);
    setImported(r.value);
    setMessage(null);
  };

  return (
    <div className="button-column">
      <button type="button" data-testid="export-config" onClick={() => void exportConfig()}>
        {t('admin.exportConfig')}
      </button>
      <button type="button" data-testid="export-journal" onClick={() => void exportJournal()}>
        {t('admin.exportJournal')}
      </button>
      <label className="file-input">
        {t('admin.importConfig')}
        <input
          type="file"
          accept=".json,application/json"
          data-testid="import-config"
          onChange={(e) => void importFile(e.target.files?.[0])}
        />
      </label>
      <p role="status" data-testid="data-message">
        {message}
      </p>
      {imported && (
        <div
          data-testid="import-result"
          data-saved={String(imported.saved)}
          data-applied={imported.saved ? imported.applied : undefined}
        >
          {imported.saved ? (
            <p>
              {imported.applied === 'live'
                ? t('admin.savedLive')
                : imported.applied === 'restart'
                  ? t('admin.restartNeeded')
                  : t('admin.savedNone')}
            </p>
          ) : (
            <ul className="field__error">
              {imported.errors.map((e) => (
                <li key={e.path + e.message}>
                  {e.path}: {e.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
