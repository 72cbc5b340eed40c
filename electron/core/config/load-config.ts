import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { homedir } from 'node:os';
import { KioskConfig } from './kiosk-config.js';

export const CONFIG_FILE = 'config.json';

/** `$GATEPOST_DATA_DIR`, else `$XDG_DATA_HOME/gatepost`, else `~/.local/share/gatepost`. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GATEPOST_DATA_DIR) return env.GATEPOST_DATA_DIR;
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'gatepost');
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads `config.json` from the data dir; `undefined` when there is none (the kiosk then runs in demo mode). */
export function loadConfig(dataDir: string): KioskConfig | undefined {
  const file = join(dataDir, CONFIG_FILE);
  if (!existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = KioskConfig.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`${file}: ${issues.join('; ')}`);
  }
  return parsed.data;
}
