import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The production entry points (web shell, Electron main) must not carry the ticketing sandboxes: demo
 * mode loads them with a dynamic import, so they sit in their own chunk. This walks each built entry's
 * static imports (what loads when the kiosk starts) and looks for the sandboxes' code. Needs
 * `npm run build` (the test command builds before vitest).
 */
const OUT = fileURLToPath(new URL('../../out/main/', import.meta.url));
const ENTRIES = ['web-shell.js', 'electron-main.js'];
/** Strings only the sandboxes contain: their control endpoint, the JWT issuer, the demo kits. */
const SANDBOX_MARKERS = ['/__sandbox/faults', 'SignJWT', 'startEntryV1Sandbox', 'demoFixture'];

const STATIC_IMPORT = /^(?:import|export)\s[^;]*?from\s*"(\.{1,2}\/[^"]+)"|^import\s*"(\.{1,2}\/[^"]+)"/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*"(\.{1,2}\/[^"]+)"\s*\)/g;

function staticClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(STATIC_IMPORT)) visit(resolve(dirname(file), (m[1] ?? m[2])!));
  };
  visit(join(OUT, entry));
  return seen;
}

describe('production bundles', () => {
  it.each(ENTRIES)('%s loads no sandbox code at start', (entry) => {
    expect(existsSync(join(OUT, entry)), `built ${entry}`).toBe(true);
    const files = staticClosure(entry);
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      for (const marker of SANDBOX_MARKERS)
        expect(source.includes(marker), `${marker} in ${file.slice(OUT.length)}`).toBe(false);
    }
  });

  it('the sandboxes are in a chunk reached only by dynamic import (demo mode)', () => {
    const files = staticClosure('web-shell.js');
    const dynamic = [...files].flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(DYNAMIC_IMPORT)].map((m) => resolve(dirname(file), m[1]!)),
    );
    const withSandbox = dynamic.filter((f) => readFileSync(f, 'utf8').includes('/__sandbox/faults'));
    expect(withSandbox).toHaveLength(1);
    expect(files.has(withSandbox[0]!)).toBe(false);
  });
});
