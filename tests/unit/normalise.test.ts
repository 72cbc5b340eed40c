import { describe, expect, it } from 'vitest';
import { journalableToken, normaliseToken, tokenHint } from '../../electron/core/scan/normalise.js';

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

describe('normaliseToken: characters no ticket carries (decided per class)', () => {
  it('refuses a lone UTF-16 surrogate (a corrupted read), keeping a well-formed copy for the journal', () => {
    expect(normaliseToken('AB\ud800C')).toMatchObject({ ok: false, reasonCode: 'INVALID_TEXT' });
    expect(normaliseToken('AB\udc00')).toMatchObject({ ok: false, reasonCode: 'INVALID_TEXT' });
    expect(journalableToken('AB\ud800C')).toBe('AB\ufffdC');
    // A real astral character (a paired surrogate) is text, not a fault.
    expect(normaliseToken('AB\u{1F3AB}C')).toEqual({ ok: true, token: 'AB\u{1F3AB}C' });
  });

  it('refuses C1 controls like C0 ones', () => {
    for (const bad of ['AB\u0085C', 'AB\u009bC', 'AB\u0080C', 'AB\u009fC'])
      expect(normaliseToken(bad)).toMatchObject({ ok: false, reasonCode: 'CONTROL_CHARACTER' });
  });

  it('refuses bidi overrides and isolates, which make a code show differently from what it is', () => {
    for (const bad of ['AB\u202eC', 'AB\u202aC', 'AB\u2066C', 'AB\u200fC', 'AB\u061cC', 'AB\u00adC'])
      expect(normaliseToken(bad)).toMatchObject({ ok: false, reasonCode: 'FORMAT_CHARACTER' });
  });

  it('strips zero-width characters, leaving the code a person would read', () => {
    expect(normaliseToken('\ufeff3900\u200b0000\u200c0000\u200d01\u2060')).toEqual({
      ok: true,
      token: '39000000000001',
    });
    expect(normaliseToken('\u200b\u200b')).toMatchObject({ ok: false, reasonCode: 'EMPTY' });
  });
});

describe('tokenHint of refused input', () => {
  it('never shows a NUL, a control or a bidi override to staff', () => {
    expect(tokenHint('ABCDE\u0000')).toBe('…CDE\ufffd');
    expect(tokenHint('ABCD\u202eXY')).toBe('…D\ufffdXY');
    expect(tokenHint('ABCDE\ud800')).toBe('…CDE\ufffd');
  });
});
