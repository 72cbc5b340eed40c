import type { OfflineScanRecord } from '../provider.js';
import type { NormalisedScan } from '../../scan/scan-input.js';
import type { PresenceGateMode, PresencePaths, PresenceSettings } from './settings.js';

/** Ids Presence gives the device at configuration; every scan carries them. */
export interface PresenceDeviceIds {
  deviceId: number;
  gateId: number;
}

/** `deviceOs` as documented: "Printed" for barcoded tickets, "iOS" or "Android" for tap-to-enter. */
export type PresenceDeviceOs = 'Printed' | 'iOS' | 'Android';

export function deviceOsFor(scan: Pick<NormalisedScan, 'inputType' | 'nfcType'>): PresenceDeviceOs {
  if (scan.inputType !== 'NFC') return 'Printed'; // Barcodes, and codes keyed or swiped from a printed ticket.
  // Apple Wallet taps come from iPhones; Google Wallet (Smart Tap) taps come from Android phones.
  return scan.nfcType === 'Apple' ? 'iOS' : 'Android';
}

/** Ticket Enter/Exit/Validate body, field names and types exactly as documented. */
export interface PresenceScanBody {
  token: string;
  venueId: string;
  deviceId: number;
  gateId: number;
  gateName: string;
  deviceOs: PresenceDeviceOs;
  /** Unix ms of the scan. */
  scanTime: number;
  channelId?: string;
}

export function scanBody(
  scan: Pick<NormalisedScan, 'token' | 'inputType' | 'nfcType'>,
  scanTime: number,
  ids: PresenceDeviceIds,
  settings: Pick<PresenceSettings, 'venueId' | 'gateName' | 'channelId'>,
): PresenceScanBody {
  const body: PresenceScanBody = {
    token: scan.token,
    venueId: settings.venueId,
    deviceId: ids.deviceId,
    gateId: ids.gateId,
    gateName: settings.gateName,
    deviceOs: deviceOsFor(scan),
    scanTime,
  };
  if (settings.channelId) body.channelId = settings.channelId;
  return body;
}

export type PresenceScanRoute = 'enter' | 'exit' | 'internalEntry';

/** Which endpoint a scan in this direction goes to on a lane in this mode. */
export function scanRouteFor(
  mode: PresenceGateMode,
  direction: 'entry' | 'exit' = 'entry',
): PresenceScanRoute {
  if (mode === 'exit' || direction === 'exit') return 'exit';
  return mode === 'internal' ? 'internalEntry' : 'enter';
}

export function pathFor(paths: PresencePaths, route: PresenceScanRoute): string {
  return paths[route];
}

/** One scan in the (placeholder) offline upload body: the online body plus which call it stands for. */
export interface PresenceUploadScan extends PresenceScanBody {
  /** The kiosk's scan nonce: the upload is idempotent on it. */
  scanId: string;
  scanType: 'enter' | 'exit' | 'validate';
  eventId?: string;
}

export function uploadScan(
  record: OfflineScanRecord,
  ids: PresenceDeviceIds,
  settings: Pick<PresenceSettings, 'venueId' | 'gateName' | 'channelId' | 'gateMode'>,
): PresenceUploadScan {
  const route = scanRouteFor(settings.gateMode, record.direction);
  const scan: PresenceUploadScan = {
    ...scanBody(record, record.scannedAt, ids, settings),
    scanId: record.scanId,
    scanType: route === 'internalEntry' ? 'validate' : route,
  };
  if (record.eventId) scan.eventId = record.eventId;
  return scan;
}
