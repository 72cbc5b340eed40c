import type { InputType } from '../../common/contract.js';

/** A raw read from any input (keyboard wedge, serial scanner, NFC reader), before normalisation. */
export interface ScanInput {
  token: string;
  inputType: InputType;
  barcodeType?: 'Barcode' | 'QRCode';
  nfcType?: 'Apple' | 'Google';
  /** The exact symbology as the device reported it (AIM id such as `]Q1`, SSI type byte), for the journal. */
  symbology?: string;
  /** Which reader produced it, e.g. `wedge`, `serial:/dev/ttyACM0`. Re-read suppression is per source. */
  source: string;
  /** Epoch ms (kiosk clock) at which the device read it; the decision budget runs from here. */
  receivedAt: number;
}

/** A scan that passed normalisation and carries its nonce (stable id, used for idempotent uploads). */
export interface NormalisedScan extends ScanInput {
  scanId: string;
}

/**
 * A read that produced no token: a wallet pass that could not be read (no key for it, decrypt failed,
 * stale) or a tap to repeat (the card left the field). The pipeline shows STOP "pass could not be read"
 * (or "please tap again") and journals `reason` for staff; it never goes to the provider.
 */
export interface ReadFailure {
  source: string;
  receivedAt: number;
  inputType: InputType;
  nfcType?: 'Apple' | 'Google';
  /** Staff code, e.g. `NFC-KEY-UNKNOWN`. */
  code: string;
  /** Staff-visible detail (which key id, which status word); never key material. */
  reason: string;
  patronMessage: 'pass-unreadable' | 'tap-again';
}
