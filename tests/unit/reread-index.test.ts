import { describe, expect, it } from 'vitest';
import { RereadIndex } from '../../electron/core/scan/reread-index.js';
import type { Decision } from '../../electron/core/decision/decision.js';

const ADMIT: Decision = { outcome: 'admit', mode: 'online', reasonCode: 'OK', reasonText: 'Welcome' };
const scan = (scanId: string) => ({ scanId, decided: Promise.resolve<Decision | undefined>(ADMIT) });

describe('RereadIndex', () => {
  it('treats the same token from the same source inside the window as a re-read of the first scan', () => {
    const index = new RereadIndex({ sameSourceMs: 1000, crossSourceMs: 0 });
    expect(index.claim('wedge', 'T1', 0, scan('a'))).toMatchObject({ kind: 'new' });
    expect(index.claim('wedge', 'T1', 999, scan('b'))).toMatchObject({ kind: 'repeat', of: { scanId: 'a' } });
  });

  it('lets the same token through after the window; the window runs from the first read', () => {
    const index = new RereadIndex({ sameSourceMs: 1000, crossSourceMs: 0 });
    index.claim('wedge', 'T1', 0, scan('a'));
    expect(index.claim('wedge', 'T1', 500, scan('b'))).toMatchObject({ kind: 'repeat', of: { scanId: 'a' } });
    expect(index.claim('wedge', 'T1', 1000, scan('c'))).toMatchObject({ kind: 'new' });
    expect(index.claim('wedge', 'T1', 1500, scan('d'))).toMatchObject({
      kind: 'repeat',
      of: { scanId: 'c' },
    });
  });

  it('joins the same token read by two sources at once into one scan, but not after the cross-source window', () => {
    const index = new RereadIndex({ sameSourceMs: 1000, crossSourceMs: 300 });
    index.claim('wedge', 'T1', 0, scan('a'));
    expect(index.claim('serial:front', 'T1', 120, scan('b'))).toMatchObject({
      kind: 'repeat',
      of: { scanId: 'a' },
    });
    expect(index.claim('serial:front', 'T1', 300, scan('c'))).toMatchObject({ kind: 'new' });
  });

  it('a window of 0 suppresses nothing', () => {
    const index = new RereadIndex({ sameSourceMs: 0, crossSourceMs: 0 });
    index.claim('wedge', 'T1', 0, scan('a'));
    expect(index.claim('wedge', 'T1', 0, scan('b'))).toMatchObject({ kind: 'new' });
    expect(index.last('T1')?.scanId).toBe('b');
  });

  it('a clock that stepped back does not make every later read a repeat', () => {
    const index = new RereadIndex({ sameSourceMs: 1000, crossSourceMs: 1000 });
    index.claim('wedge', 'T1', 10_000, scan('a'));
    expect(index.claim('wedge', 'T1', 5_000, scan('b'))).toMatchObject({ kind: 'new' });
  });

  it('stays bounded, forgetting the oldest entries', () => {
    const index = new RereadIndex({ sameSourceMs: 10_000, crossSourceMs: 0 }, 3);
    for (const [i, t] of ['A', 'B', 'C', 'D'].entries()) index.claim('s', t, i, scan(t));
    expect(index.claim('s', 'A', 5, scan('A2'))).toMatchObject({ kind: 'new' }); // evicted
    expect(index.claim('s', 'D', 5, scan('D2'))).toMatchObject({ kind: 'repeat', of: { scanId: 'D' } });
  });
});

describe('RereadIndex and server-side re-reads', () => {
  it('tells a new scan which scan of the same token came before it', () => {
    const index = new RereadIndex({ sameSourceMs: 0, crossSourceMs: 0 });
    expect(index.claim('wedge', 'T1', 0, scan('a'))).toEqual({ kind: 'new' });
    expect(index.claim('wedge', 'T1', 10, scan('b'))).toMatchObject({
      kind: 'new',
      previous: { scanId: 'a' },
    });
  });
});
