import { mkdirSync, mkdtempSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { removeOnExit } from '../support/reaper.js';

/**
 * Bundles a TypeScript entry into one ES module for plain `node`, with npm packages left external (as the
 * shipped kiosk loads them). Memory benchmarks run their child this way: under tsx, the loader and its
 * transform cache alone add ~45 MiB to a process's RSS, which would be measured as the kiosk's.
 * Returns the bundle's path, under out/ (so the packages resolve from node_modules); the dir goes when
 * the process exits.
 */
export async function bundleForNode(entry: string): Promise<string> {
  const base = fileURLToPath(new URL('../../out/bench/', import.meta.url));
  mkdirSync(base, { recursive: true });
  const outDir = mkdtempSync(join(base, 'bundle-'));
  removeOnExit(outDir);
  await build({
    logLevel: 'silent',
    configFile: false,
    build: {
      ssr: entry,
      outDir,
      emptyOutDir: false,
      target: 'node20',
      minify: false,
      rollupOptions: { output: { format: 'es', entryFileNames: '[name].mjs' } },
    },
  });
  return join(outDir, basename(entry).replace(/\.ts$/, '.mjs'));
}
