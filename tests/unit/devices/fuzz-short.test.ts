import { describe, expect, it } from 'vitest';
import { runFuzz } from '../../fuzz/fuzz-parsers';

// The short form; the full ≥ 100,000-input run is `node --expose-gc --import tsx tests/fuzz/run-fuzz.ts`
// and part of `npm run bench`.
describe('device parser fuzz (short)', () => {
  it('survives 10,000 random and mutated inputs across every parser without a crash', () => {
    const result = runFuzz(10_000, 12345);
    expect(result.crashes).toEqual([]);
    expect(result.inputs).toBe(10_000);
  });
});
