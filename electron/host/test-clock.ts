import { readFileSync } from 'node:fs';

export const CLOCK_OFFSET_ENV = 'GATEPOST_CLOCK_OFFSET_FILE';

export interface OffsetClock {
  /** Epoch ms: the system clock plus the file's offset. */
  now(): number;
  readonly offsetMs: number;
  stop(): void;
}

/**
 * For tests only: a kiosk clock that is the system clock plus an offset (ms) read from the file named by
 * GATEPOST_CLOCK_OFFSET_FILE, re-read whenever the file changes, so a chaos test can jump the clock of a
 * running kiosk (±1 h, back to 1970). Returns undefined when the variable is not set: production kiosks
 * use the system clock untouched. The file is re-read every 50 ms. `onChange` hears every new offset (the web shell prints it, so the test
 * knows when the jump took effect).
 */
export function clockFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  onChange?: (offsetMs: number) => void,
): OffsetClock | undefined {
  const file = env[CLOCK_OFFSET_ENV];
  if (!file) return undefined;
  let offsetMs = readOffset(file) ?? 0;
  const reread = () => {
    const next = readOffset(file);
    if (next === undefined || next === offsetMs) return;
    offsetMs = next;
    onChange?.(offsetMs);
  };
  // Read every 50 ms rather than watched: fs.watchFile misses a change made before its first stat.
  const timer = setInterval(reread, 50);
  timer.unref();
  return {
    now: () => Date.now() + offsetMs,
    get offsetMs() {
      return offsetMs;
    },
    stop: () => clearInterval(timer),
  };
}

/** The file holds one integer (ms); anything else (missing, half-written) keeps the last offset. */
function readOffset(file: string): number | undefined {
  try {
    const text = readFileSync(file, 'utf8').trim();
    if (!/^-?\d{1,16}$/.test(text)) return undefined;
    return Number(text);
  } catch {
    return undefined;
  }
}
