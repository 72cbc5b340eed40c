import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateToken } from '../../electron/web-shell/launch-handover.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A token path that cannot be written (its parent is a file: ENOTDIR), as a full or read-only disk. */
function unwritablePath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatepost-token-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'not-a-dir'), '');
  return join(dir, 'not-a-dir', 'web-shell.token');
}

describe('web shell token on a disk that refuses writes', () => {
  it('keeps the token for this run and reports why it was not saved', () => {
    const errors: string[] = [];
    const token = loadOrCreateToken(unwritablePath(), (err) => errors.push(err.code ?? '?'));
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(errors).toEqual(['ENOTDIR']);
  });

  it('throws when the caller did not say what to do about it', () => {
    expect(() => loadOrCreateToken(unwritablePath())).toThrow(/ENOTDIR/);
  });
});
