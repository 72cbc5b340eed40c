import { demoKits } from '../../electron/sandbox/demo-kits.js';
import type { SandboxHandle } from '../../electron/sandbox/demo-kit.js';

/**
 * What the chaos suite needs to know of each provider beyond its demo kit: which of its calls are uploads
 * and reference syncs (to kill the kiosk in the middle of one), and what its server stored from the
 * kiosk's offline uploads (to count each scan). Reading the server's store goes through the sandbox's
 * own accessor; the suite casts to it here, in one place.
 */
export interface ChaosProvider {
  kind: string;
  /** The provider takes offline uploads (else every queued count is "n/a"). */
  uploads: boolean;
  /**
   * The provider syncs reference data for local decisions (else offline scans are "see staff"). Checked
   * against what the kiosk reports in every run, so a provider that gains it is noticed.
   */
  syncs: boolean;
  /** An offline upload request. */
  isUpload(method: string, path: string): boolean;
  /** A reference-data request (events, ticket lists, scan lists). */
  isSync(method: string, path: string): boolean;
  /** Tokens of the records the server holds from offline uploads (one entry per record). */
  uploadedTokens(sandbox: SandboxHandle): string[];
  /**
   * Whether the provider sends this queued scan at all; one it does not send is acknowledged by the
   * provider's own rule and must then be on the server zero times.
   */
  sends(record: { outcome: string }): boolean;
  /**
   * What this provider cannot do yet that changes what a case shows (reported with the figures, never
   * a silent skip).
   */
  limits: string[];
}

type WithOffline<T> = { offlineScans(): T[] };

export const CHAOS_PROVIDERS: Record<string, ChaosProvider> = {
  'entry-v1': {
    kind: 'entry-v1',
    uploads: true,
    syncs: true,
    isUpload: (m, p) => m === 'POST' && p.startsWith('/v1/offline/'),
    isSync: (m, p) => m === 'POST' && (p === '/v1/events' || p === '/v1/venues'),
    uploadedTokens: (s) =>
      (s as unknown as WithOffline<{ token: string }>).offlineScans().map((r) => r.token),
    sends: () => true,
    limits: [],
  },
  presence: {
    kind: 'presence',
    uploads: true,
    // Presence local validation (issue 7 item 2) is being added on another branch.
    syncs: false,
    isUpload: (m, p) => m === 'POST' && p.startsWith('/presence/v1/ticket/upload'),
    isSync: () => false,
    uploadedTokens: (s) =>
      (s as unknown as WithOffline<{ token: string }>).offlineScans().map((r) => r.token),
    // PresenceProvider.uploadOffline sends admitted scans only ("a denied scan moved no ticket state").
    sends: (r) => r.outcome === 'admit',
    limits: [],
  },
  vivenu: {
    kind: 'vivenu',
    uploads: true,
    syncs: true,
    isUpload: (m, p) => m === 'POST' && p.startsWith('/api/accessusers/scans/'),
    isSync: (m, p) => m === 'GET' && p.startsWith('/api/accessusers/tickets/v2/'),
    uploadedTokens: (s) =>
      (s as unknown as WithOffline<{ barcode: string }>).offlineScans().map((r) => r.barcode),
    sends: () => true,
    limits: [],
  },
  passcreator: {
    kind: 'passcreator',
    uploads: true,
    syncs: true,
    // An upload is App Scans posted while draining; online scans post them too, so the cases that watch
    // uploads scan nothing while they drain.
    isUpload: (m, p) => m === 'POST' && p.startsWith('/api/appscan') && !p.startsWith('/api/appscan/list'),
    isSync: (m, p) => m === 'GET' && p.startsWith('/api/appscan/list'),
    // Every App Scan the server holds, online ones included: a token scanned offline has no online one.
    uploadedTokens: (s) =>
      (s as unknown as { appScans(): { scannedBarcodeValue: string }[] })
        .appScans()
        .map((r) => r.scannedBarcodeValue),
    sends: () => true,
    limits: [],
  },
  walletthat: {
    kind: 'walletthat',
    uploads: false,
    syncs: false,
    isUpload: () => false,
    isSync: () => false,
    uploadedTokens: () => [],
    sends: () => false,
    limits: [
      'no offline uploads or reference data in its API: offline scans are "see staff", journaled only',
    ],
  },
};

export const CHAOS_KINDS = Object.keys(CHAOS_PROVIDERS);

/** Starts the provider's sandbox in this process with `extraTickets` sold tickets. */
export async function startSandbox(kind: string, extraTickets: number) {
  const kit = demoKits[kind];
  if (!kit) throw new Error(`no demo kit for ${kind}`);
  return kit.start({ extraTickets });
}

/**
 * A barcode of the same shape as the kit's generated tickets, so it fits the provider's barcode masks
 * (the dangerous kind: offline, a mask match can admit it), that was never sold: the kit numbers its
 * tickets from 0 in the last digits; these use numbers from 900000 up in the last six.
 */
export function neverSold(sampleToken: string, i: number): string {
  const m = /^(.*?)(\d{6})$/.exec(sampleToken);
  if (!m || i >= 100_000) throw new Error(`cannot derive never-sold barcode ${i} from ${sampleToken}`);
  return `${m[1]!}${900_000 + i}`;
}
