import { describe, expect, it } from 'vitest';
import { acr122EcpCommand, crcA, vasEcpFrameWithCrc } from '../../native/nfc/ecp.js';

describe('ECP (experimental ACR122U polling frame)', () => {
  it('CRC_A matches the ISO/IEC 14443-3 Annex B examples', () => {
    expect(crcA(Buffer.from([0x00, 0x00])).toString('hex')).toBe('a01e');
    expect(crcA(Buffer.from([0x12, 0x34])).toString('hex')).toBe('26cf');
  });

  it('builds the VAS-only ECP frame and its Direct Transmit wrapper', () => {
    expect(vasEcpFrameWithCrc().toString('hex')).toBe('6a01000002e4d2');
    expect(acr122EcpCommand().toString('hex')).toBe('ff00000007d4426a01000002');
  });
});
