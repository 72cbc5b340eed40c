import type { VivenuScan } from './response-schemas.js';

/**
 * Which barcodes Portier's scans say are inside: the latest approved scan of each barcode decides
 * (checkin → inside, checkout → outside). Declined scans change nothing. Scans without a `time` count in
 * list order, after the timed ones they follow.
 */
export function insideBarcodes(scans: readonly VivenuScan[]): Set<string> {
  const latest = new Map<string, { at: number; index: number; type: VivenuScan['type'] }>();
  scans.forEach((scan, index) => {
    if (scan.scanResult !== 'approved') return;
    const parsed = scan.time ? Date.parse(scan.time) : NaN;
    const at = Number.isFinite(parsed) ? parsed : -Infinity;
    const prev = latest.get(scan.barcode);
    if (!prev || at > prev.at || (at === prev.at && index > prev.index)) {
      latest.set(scan.barcode, { at, index, type: scan.type });
    }
  });
  const inside = new Set<string>();
  for (const [barcode, { type }] of latest) if (type === 'checkin') inside.add(barcode);
  return inside;
}
