import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The data dir holds whole ticket tokens (journal), credentials (secret store, key file) and the log: it
 * must be readable by the kiosk user only. Creates it 0700 and tightens an existing one and every file
 * in it to 0700/0600 (kiosks installed before this check created the journal and log 0644). Returns the
 * names it had to fix, for the log.
 */
export function secureDataDir(dataDir: string): string[] {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const fixed: string[] = [];
  const tighten = (path: string, name: string, mode: number) => {
    const stat = statSync(path);
    if ((stat.mode & 0o777 & ~mode) !== 0) {
      chmodSync(path, mode);
      fixed.push(name);
    }
  };
  tighten(dataDir, '.', 0o700);
  for (const entry of readdirSync(dataDir, { withFileTypes: true })) {
    const path = join(dataDir, entry.name);
    if (entry.isFile()) tighten(path, entry.name, 0o600);
    else if (entry.isDirectory()) tighten(path, `${entry.name}/`, 0o700);
  }
  return fixed;
}
