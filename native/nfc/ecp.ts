/**
 * Apple's Enhanced Contactless Polling (ECP) frame, which wakes an iPhone's wallet for VAS without the
 * patron opening the pass, sent through an ACR122U's PN532 (Direct Transmit). EXPERIMENTAL: not tested on
 * hardware here (no USB reader in CI); off unless `devices.nfc.acr122Ecp` is true. Plain PC/SC readers
 * cannot send it; without it the patron opens the pass by hand and the read works the same.
 */

/** ISO/IEC 14443-3 CRC_A (initial 0x6363), low byte first as transmitted. */
export function crcA(bytes: Uint8Array): Buffer {
  let crc = 0x6363;
  for (const x of bytes) {
    let bt = (x ^ (crc & 0xff)) & 0xff;
    bt = (bt ^ (bt << 4)) & 0xff;
    crc = ((crc >> 8) ^ (bt << 8) ^ (bt << 3) ^ (bt >> 4)) & 0xffff;
  }
  return Buffer.from([crc & 0xff, crc >> 8]);
}

/** ECP 1.0 "VAS only" frame: 6A 01 00 00 02 (CRC_A is appended by the PN532 when it transmits). */
export const VAS_ECP_FRAME = Buffer.from([0x6a, 0x01, 0x00, 0x00, 0x02]);

/** The frame with its CRC, as it goes over the air (for checking captures). */
export function vasEcpFrameWithCrc(): Buffer {
  return Buffer.concat([VAS_ECP_FRAME, crcA(VAS_ECP_FRAME)]);
}

/**
 * ACR122U pseudo-APDU "Direct Transmit" (FF 00 00 00 Lc …) carrying PN532 InCommunicateThru (D4 42) with
 * the ECP frame, sent over SCardControl in direct mode while no card is present.
 */
export function acr122EcpCommand(): Buffer {
  const payload = Buffer.concat([Buffer.from([0xd4, 0x42]), VAS_ECP_FRAME]);
  return Buffer.concat([Buffer.from([0xff, 0x00, 0x00, 0x00, payload.length]), payload]);
}
