import { describe, expect, it } from 'vitest';
import { RereadFilter } from '../../electron/core/scan/reread-filter.js';

describe('RereadFilter', () => {
  it('treats the same token from the same source inside the window as a re-read of the first scan', () => {
    const f = new RereadFilter(1000);
    expect(f.check('wedge', 'T1', 0, 'a')).toBeUndefined();
    expect(f.check('wedge', 'T1', 999, 'b')).toBe('a');
  });

  it('lets the same token through after the window, and from another source at once', () => {
    const f = new RereadFilter(1000);
    f.check('wedge', 'T1', 0, 'a');
    expect(f.check('serial', 'T1', 10, 'b')).toBeUndefined();
    expect(f.check('wedge', 'T1', 1000, 'c')).toBeUndefined();
    expect(f.check('wedge', 'T1', 1500, 'd')).toBe('c');
  });

  it('a window of 0 suppresses nothing', () => {
    const f = new RereadFilter(0);
    f.check('wedge', 'T1', 0, 'a');
    expect(f.check('wedge', 'T1', 0, 'b')).toBeUndefined();
  });

  it('stays bounded, forgetting the oldest entries', () => {
    const f = new RereadFilter(10_000, 3);
    for (const [i, t] of ['A', 'B', 'C', 'D'].entries()) f.check('s', t, i, t);
    expect(f.check('s', 'A', 5, 'A2')).toBeUndefined(); // evicted
    expect(f.check('s', 'D', 5, 'D2')).toBe('D');
  });
});
