import pino from 'pino';
import { join } from 'node:path';
import { LogFile } from './log-file.js';

export type Logger = pino.Logger;

/**
 * Secrets and whole ticket tokens never reach the log: pino's redaction censors these keys wherever they
 * appear, and code logs only token hints.
 */
const REDACT = [
  'apiKey',
  '*.apiKey',
  'jwt',
  '*.jwt',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers["api-authorization-key"]',
  'password',
  '*.password',
];

export function createLogger(opts: {
  dataDir?: string;
  /** The log file to write (its health is shown to staff); default `gatepost.log` in `dataDir`. */
  file?: LogFile;
  level: string;
  toStderr?: boolean;
  /** An extra destination (tests capture log lines here to check no secret is written). */
  stream?: pino.DestinationStream;
}): Logger {
  const streams: pino.StreamEntry[] = [];
  if (opts.stream) streams.push({ stream: opts.stream });
  // Never pino.destination for the file: see LogFile for why a full disk must not reach SonicBoom.
  const file = opts.file ?? (opts.dataDir ? new LogFile(join(opts.dataDir, 'gatepost.log')) : undefined);
  if (file) streams.push({ stream: file });
  // Synchronous, so pino registers no exit-time flush for it (that flush retries a failed write forever).
  if (opts.toStderr ?? true)
    streams.push({ stream: pino.destination({ dest: 2, sync: true }), level: 'warn' });
  return pino(
    { level: opts.level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'gatepost' } },
    pino.multistream(streams),
  );
}
