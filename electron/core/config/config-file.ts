import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE } from './load-config.js';

/**
 * Writes config.json (never with secrets: the caller strips them) atomically and readable by the kiosk
 * user only: a temp file (0600) renamed over the old one, so a crash leaves the old file or the new one.
 */
export function writeConfigFile(dataDir: string, config: unknown): string {
  const file = join(dataDir, CONFIG_FILE);
  const temp = `${file}.tmp`;
  rmSync(temp, { force: true });
  writeFileSync(temp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  renameSync(temp, file);
  return file;
}
