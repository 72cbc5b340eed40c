import pino from 'pino';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

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
  level: string;
  toStderr?: boolean;
  /** An extra destination (tests capture log lines here to check no secret is written). */
  stream?: pino.DestinationStream;
}): Logger {
  const streams: pino.StreamEntry[] = [];
  if (opts.stream) streams.push({ stream: opts.stream });
  if (opts.dataDir) {
    mkdirSync(opts.dataDir, { recursive: true });
    streams.push({ stream: pino.destination({ dest: join(opts.dataDir, 'gatepost.log'), sync: false }) });
  }
  if (opts.toStderr ?? true) streams.push({ stream: pino.destination(2), level: 'warn' });
  return pino(
    { level: opts.level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'gatepost' } },
    pino.multistream(streams),
  );
}
