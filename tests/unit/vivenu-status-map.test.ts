import { describe, expect, it } from 'vitest';
import { ProviderProtocolError } from '../../electron/core/providers/provider.js';
import { toProviderDecision } from '../../electron/core/providers/vivenu/scan-decision.js';
import {
  VIVENU_STATUS_TO_OUTCOME,
  mapVivenuStatus,
} from '../../electron/core/providers/vivenu/status-map.js';

describe('vivenu status map', () => {
  it('maps every documented access value and ticket status', () => {
    expect(VIVENU_STATUS_TO_OUTCOME).toEqual({
      GRANTED: 'admit',
      DENIED: 'stop',
      NOT_FOUND: 'stop',
      VALID: 'admit',
      INVALID: 'stop',
      RESERVED: 'stop',
      DETAILSREQUIRED: 'see-staff',
      BLANK: 'see-staff',
      CHECKED_IN: 'stop',
    });
  });

  it('knows nothing else, inherited names included', () => {
    for (const raw of ['granted', 'OK', 'toString', '__proto__', 'constructor', '']) {
      expect(mapVivenuStatus(raw)).toBeUndefined();
    }
  });

  it('a DENIED answer keeps the raw status and the server reason; an unknown reason reads generically', () => {
    expect(
      toProviderDecision({ access: 'DENIED', reason: 'SOLD_OUT_AREA', message: 'x', ticket: undefined }),
    ).toEqual({
      outcome: 'stop',
      rawStatus: 'DENIED',
      reasonCode: 'SOLD_OUT_AREA',
      reasonText: 'Entry denied',
    });
    expect(
      toProviderDecision({ access: 'DENIED', reason: undefined, message: undefined, ticket: undefined }),
    ).toMatchObject({
      reasonCode: 'DENIED',
    });
  });

  it('only GRANTED/DENIED are decisions', () => {
    for (const access of ['VALID', 'CHECKED_IN', 'NOT_FOUND', 'YES']) {
      expect(() =>
        toProviderDecision({ access, reason: undefined, message: undefined, ticket: undefined }),
      ).toThrow(ProviderProtocolError);
    }
  });
});
