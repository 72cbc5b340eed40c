import { z } from 'zod';
import { NfcConfig } from './nfc-config.js';

/**
 * The `devices` block of config.json. The key names and values of issue 9 are FIXED (external test rigs
 * write them): add keys, never rename. Every error carries its path (`devices.scanners.0.path: …`).
 */

const deviceId = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only');

/** `"0x0c2e"`, `"0c2e"` or a number; stored as a number. */
const usbId = z
  .union([
    z.number().int().min(0).max(0xffff),
    z
      .string()
      .regex(/^(0x)?[0-9a-fA-F]{1,4}$/, 'a 16-bit hex id such as "0x0c2e"')
      .transform((s) => parseInt(s.replace(/^0x/, ''), 16)),
  ])
  .pipe(z.number().int().min(0).max(0xffff));

export const SerialScannerConfig = z.object({
  id: deviceId,
  kind: z.literal('serial'),
  path: z.string().min(1).max(256),
  baudRate: z.number().int().min(300).max(4_000_000).default(9600),
  protocol: z.enum(['line', 'honeywell', 'zebra-ssi', 'newland']).default('line'),
  terminator: z.enum(['CR', 'LF', 'CRLF', 'none']).default('CR'),
  aimIds: z.boolean().default(false),
  // Added keys (not in the issue's block): line settings and engine feedback.
  dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]).default(8),
  stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]).default(1),
  parity: z.enum(['none', 'even', 'odd', 'mark', 'space']).default('none'),
  /** `terminator: none`: a read ends after this long without a byte. */
  idleGapMs: z.number().int().min(5).max(2000).default(50),
  /** Honeywell, Zebra SSI: beep on the kiosk's result. */
  beepOnResult: z.boolean().default(false),
  /** Zebra SSI: stop scanning while a result is on screen. */
  disableWhileShowing: z.boolean().default(false),
  /** Honeywell / Newland menu commands sent after every open (e.g. "TRGMOD0"). */
  startupCommands: z.array(z.string().min(6).max(64)).max(16).default([]),
});
export type SerialScannerConfig = z.infer<typeof SerialScannerConfig>;

export const HidPosScannerConfig = z.object({
  id: deviceId,
  kind: z.literal('hid-pos'),
  vendorId: usbId.optional(),
  productId: usbId.optional(),
  /** A hidraw path instead of (or as well as) VID:PID. */
  path: z.string().min(1).max(256).optional(),
  layout: z.enum(['honeywell', 'newland']).default('honeywell'),
});
export type HidPosScannerConfig = z.infer<typeof HidPosScannerConfig>;

/** An in-process scanner for demo mode: reads are injected (demo panel, tests). */
export const SimScannerConfig = z.object({
  id: deviceId,
  kind: z.literal('sim'),
});
export type SimScannerConfig = z.infer<typeof SimScannerConfig>;

export const ScannerConfig = z.discriminatedUnion('kind', [
  SerialScannerConfig,
  HidPosScannerConfig,
  SimScannerConfig,
]);
export type ScannerConfig = z.infer<typeof ScannerConfig>;

const channel = z.number().int().min(1).max(8);

export const GateConfig = z.object({
  kind: z.enum(['none', 'sim', 'lcus-serial', 'dcttech-hid']).default('none'),
  /** lcus-serial: the port; dcttech-hid: an optional hidraw path (else VID:PID 16c0:05df). */
  path: z.string().min(1).max(256).optional(),
  entryChannel: channel.default(1),
  exitChannel: channel.default(2),
  pulseMs: z.number().int().min(50).max(5000).default(300),
  // Added keys:
  /** Relay channels on the board (LCUS-1 … LCUS-8; dcttech USBRelay1 … 8). */
  channels: z.number().int().min(1).max(8).default(2),
  baudRate: z.number().int().min(300).max(115_200).default(9600),
  /** LCUS: ask the module for its state after each command (modules that never answer: set false). */
  statusQuery: z.boolean().default(true),
  /** How long after a pulse a passage must be confirmed (only with a passage input). */
  passageTimeoutMs: z.number().int().min(500).max(60_000).default(5000),
});
export type GateConfig = z.infer<typeof GateConfig>;

export const DevicesConfig = z
  .object({
    scanners: z.array(ScannerConfig).max(8).default([]),
    gate: GateConfig.prefault({}),
    /** PC/SC NFC readers: wallet passes (Apple VAS, Google Smart Tap) and plain cards. */
    nfc: NfcConfig.prefault({}),
  })
  .superRefine((devices, ctx) => {
    const seen = new Set<string>();
    devices.scanners.forEach((scanner, i) => {
      if (seen.has(scanner.id) || scanner.id === 'wedge' || scanner.id === 'gate') {
        ctx.addIssue({
          code: 'custom',
          path: ['scanners', i, 'id'],
          message: `"${scanner.id}" is used twice or reserved (wedge, gate)`,
        });
      }
      seen.add(scanner.id);
      if (
        scanner.kind === 'hid-pos' &&
        !scanner.path &&
        (scanner.vendorId === undefined || scanner.productId === undefined)
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['scanners', i, 'vendorId'],
          message: 'a hid-pos scanner needs vendorId and productId, or a path',
        });
      }
    });
    const { gate } = devices;
    if (gate.kind === 'lcus-serial' && !gate.path) {
      ctx.addIssue({
        code: 'custom',
        path: ['gate', 'path'],
        message: 'an lcus-serial gate needs the port path',
      });
    }
    if (gate.kind !== 'none') {
      for (const key of ['entryChannel', 'exitChannel'] as const) {
        if (gate[key] > gate.channels) {
          ctx.addIssue({
            code: 'custom',
            path: ['gate', key],
            message: `channel ${gate[key]} is beyond the board's ${gate.channels} channels`,
          });
        }
      }
    }
  });
export type DevicesConfig = z.infer<typeof DevicesConfig>;
export type DevicesConfigInput = z.input<typeof DevicesConfig>;

/** Parses a `devices` block on its own; errors name the field (`devices.gate.path: …`). */
export function parseDevicesConfig(raw: unknown): DevicesConfig {
  const parsed = DevicesConfig.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${['devices', ...i.path].join('.')}: ${i.message}`);
  throw new Error(issues.join('; '));
}
