import { commandApdu, selectAid } from '../apdu.js';
import { NfcFormatError } from '../bytes.js';
import { encodeTlv, findTlv, parseTlv } from '../ber-tlv.js';
import { passTypeIdHash } from './vas-crypto.js';

/** "OSE.VAS.01": the wallet-neutral AID both Apple Wallet and Google Wallet answer. */
export const OSE_VAS_AID = Buffer.from('OSE.VAS.01', 'ascii');
export const SELECT_OSE = selectAid(OSE_VAS_AID);

/** What a phone says about itself in its answer to SELECT OSE.VAS.01. */
export type OseInfo =
  | { wallet: 'apple'; version?: Buffer; nonce?: Buffer; capabilities?: Buffer; vasSupported: boolean }
  | { wallet: 'google'; version?: Buffer; nonce?: Buffer; deviceKey?: Buffer }
  | { wallet: 'other'; label: string };

/** Parses the FCI template (6F) answering SELECT OSE.VAS.01. */
export function parseOseSelect(data: Buffer): OseInfo {
  const fci = findTlv(parseTlv(data), 0x6f);
  if (!fci?.children) throw new NfcFormatError('SELECT OSE reply has no 6F template');
  const label = findTlv(fci.children, 0x50)?.value.toString('latin1') ?? '';
  if (label === 'ApplePay') {
    const capabilities = findTlv(fci.children, 0x9f23)?.value;
    const last = capabilities && capabilities.length > 0 ? capabilities[capabilities.length - 1]! : 0;
    return {
      wallet: 'apple',
      version: findTlv(fci.children, 0x9f21)?.value,
      nonce: findTlv(fci.children, 0x9f24)?.value,
      capabilities,
      // Bit 0x08 of the last capability byte: the phone offers VAS (seen set in every published iPhone trace).
      vasSupported: (last & 0x08) !== 0,
    };
  }
  if (label === 'AndroidPay') {
    const nonce = findTlv(fci.children, 0xc2)?.value;
    const deviceKey = findTlv(fci.children, 0xc3)?.value;
    return {
      wallet: 'google',
      version: findTlv(fci.children, 0xc0)?.value,
      nonce: nonce?.length === 32 ? nonce : undefined,
      deviceKey: deviceKey?.length === 33 ? deviceKey : undefined,
    };
  }
  return { wallet: 'other', label: label.replace(/[^\x20-\x7e]/g, '?').slice(0, 32) };
}

/**
 * GET VAS DATA (80 CA 01 01), full mode, for one pass type id: version 9F22, SHA-256 of the pass type id
 * 9F25, terminal capabilities 9F26 (VAS only), filter 9F2B — the fields a published iPhone trace shows.
 */
export function getVasDataCommand(passTypeId: string): Buffer {
  const data = Buffer.concat([
    encodeTlv(0x9f22, Buffer.from([0x01, 0x00])),
    encodeTlv(0x9f25, passTypeIdHash(passTypeId)),
    encodeTlv(0x9f26, Buffer.from([0x00, 0x80, 0x00, 0x02])),
    encodeTlv(0x9f2b, Buffer.from([0x01, 0x00, 0x00, 0x00, 0x00])),
  ]);
  return commandApdu(0x80, 0xca, 0x01, 0x01, data, 0x00);
}

/** The cryptogram (9F27) inside the 70 template of a GET VAS DATA reply. */
export function parseVasData(data: Buffer): Buffer {
  const tree = parseTlv(data);
  const template = findTlv(tree, 0x70);
  if (!template?.children) throw new NfcFormatError('GET VAS DATA reply has no 70 template');
  const cryptogram = findTlv(template.children, 0x9f27)?.value;
  if (!cryptogram || cryptogram.length === 0)
    throw new NfcFormatError('GET VAS DATA reply has no cryptogram');
  return cryptogram;
}
