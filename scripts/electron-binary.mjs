// Finds the Electron binary without triggering electron's lazy download (electron >= 42 fetches it on
// first `require('electron')`, which cannot succeed on machines without GitHub access).
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export function electronPackageDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/** @returns {{ path: string } | { missing: string }} */
export function findElectronBinary({ tryInstall = false, timeoutMs = 180_000 } = {}) {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH)
    return { path: join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron') };
  const dir = electronPackageDir();
  if (!dir) return { missing: 'the electron package is not installed' };
  const look = () => {
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const full = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(full) ? full : undefined;
  };
  const found = look();
  if (found) return { path: found };
  if (!tryInstall)
    return { missing: 'no Electron binary in node_modules/electron/dist (it is downloaded on first use)' };
  const install = spawnSync(process.execPath, [join(dir, 'install.js')], {
    stdio: 'inherit',
    timeout: timeoutMs,
  });
  const after = look();
  if (after) return { path: after };
  return { missing: `Electron binary download failed (exit ${install.status ?? install.signal})` };
}
