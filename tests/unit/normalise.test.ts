import { describe, expect, it } from 'vitest';
import { normaliseToken, tokenHint } from '../../electron/core/scan/normalise.js';

describe('normaliseToken', () => {
  it('strips scanner terminators and surrounding spaces', () => {
    expect(normaliseToken('39000000000001\r\n')).toEqual({ ok: true, token: '39000000000001' });
    expect(normaliseToken('\n  ABC123  \r')).toEqual({ ok: true, token: 'ABC123' });
  });

  it('keeps the GS separator GS1 codes carry', () => {
    const gs1 = '0109501101530003\u001d10ABC123';
    expect(normaliseToken(gs1)).toEqual({ ok: true, token: gs1 });
  });

  it('refuses empty input', () => {
    expect(normaliseToken('\r\n')).toMatchObject({ ok: false, reasonCode: 'EMPTY' });
    expect(normaliseToken('   ')).toMatchObject({ ok: false, reasonCode: 'EMPTY' });
  });

  it('refuses input over the bound with a clear reason', () => {
    expect(normaliseToken('9'.repeat(33), 32)).toMatchObject({ ok: false, reasonCode: 'TOO_LONG' });
    expect(normaliseToken('9'.repeat(32), 32)).toMatchObject({ ok: true });
  });

  it('refuses control characters other than GS inside the token', () => {
    for (const bad of ['AB\u0000C', 'AB\u001bC', 'AB\tC', 'AB\u007fC', 'AB\rC']) {
      expect(normaliseToken(bad)).toMatchObject({ ok: false, reasonCode: 'CONTROL_CHARACTER' });
    }
  });
});

describe('tokenHint', () => {
  it('never shows the whole token', () => {
    expect(tokenHint('39000000000001')).toBe('…0001');
    expect(tokenHint('ABC')).toBe('•••');
  });
});
