/** A fault staff must fix or wait out, with a short stable code and the text the log and screen show. */
export interface FaultInfo {
  code: string;
  message: string;
}

/**
 * Start-up could not produce a working kiosk (journal unreadable, data dir read-only, disk full, bad
 * configuration). The shells still come up and show it as an out-of-service screen with the code;
 * `retryable` faults may clear by themselves (space freed, disk remounted), so start-up is tried again.
 */
export class StartupFault extends Error {
  override name = 'StartupFault';
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** Codes of SQLite and file-system errors that mean the data disk, not the scan, is the problem. */
const FULL = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);
const READ_ONLY = new Set(['EROFS', 'EACCES', 'EPERM']);
const DAMAGED = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Whether `err` says the journal file itself is damaged (SQLite cannot read its own structures). */
export function isDamage(err: unknown): boolean {
  const code = codeOf(err);
  return code !== undefined && [...DAMAGED].some((d) => code === d || code.startsWith(`${d}_`));
}

/**
 * What a storage error means for staff, or undefined when `err` is not one (a bug, a bad argument): those
 * are not hidden behind an out-of-service screen. `where` names the data dir in the messages.
 */
export function storageFaultOf(err: unknown, where = 'the data folder'): FaultInfo | undefined {
  const code = codeOf(err);
  if (code === undefined) return undefined;
  if (FULL.has(code))
    return {
      code: 'DISK-FULL',
      message: `The disk holding ${where} is full: scans cannot be recorded. Free some space; the kiosk resumes by itself.`,
    };
  if (READ_ONLY.has(code) || code.startsWith('SQLITE_READONLY'))
    return {
      code: 'DATA-DIR-READ-ONLY',
      message: `Cannot write to ${where} (read-only or no permission): scans cannot be recorded. Make it writable; the kiosk resumes by itself.`,
    };
  if (isDamage(err))
    return {
      code: 'JOURNAL-DAMAGED',
      message:
        'The scan journal is damaged. Restart the kiosk: it sets the damaged file aside (nothing is deleted) and starts a fresh one.',
    };
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN' || code === 'EIO')
    return {
      code: 'JOURNAL-IO-ERROR',
      message: `The scan journal in ${where} cannot be written (${code}). Check the data disk.`,
    };
  return undefined;
}
