import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { homedir } from 'node:os';
import { parse as parseTolerant, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { KioskConfig } from './kiosk-config.js';
import { describeProblem, unknownKeyProblems, zodProblems, type ConfigProblem } from './config-problems.js';
import { providerSettingsSchemas } from './provider-schemas.js';
import { PROVIDER_KINDS, type ProviderKind } from '../providers/provider.js';

export const CONFIG_FILE = 'config.json';
/** Larger than any real configuration; a bigger file is refused before it is read into memory whole. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** `$GATEPOST_DATA_DIR`, else `$XDG_DATA_HOME/gatepost`, else `~/.local/share/gatepost`. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GATEPOST_DATA_DIR) return env.GATEPOST_DATA_DIR;
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'gatepost');
}

/**
 * A configuration that cannot be used: one problem per field, each naming the file and the field path.
 * The message is the same lines staff see on the out-of-service screen and in the log; it never carries
 * the file's content (a value may be a secret).
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
  ) {
    super(problems.map((p) => describeProblem(file, p)).join('\n'));
  }
}

/**
 * Parses a configuration file's text. A UTF-8 byte-order mark (Windows editors add one) is accepted.
 * Invalid JSON is reported by line and column only: JSON.parse's own message quotes the text around the
 * error, which may be a secret.
 */
export function parseConfigText(text: string, file: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    const errors: ParseError[] = [];
    parseTolerant(body, errors, { disallowComments: true, allowTrailingComma: false });
    const first = errors[0];
    const at = first ? position(body, first.offset) : undefined;
    const what = first ? describeJsonError(printParseErrorCode(first.error)) : 'not valid JSON';
    throw new ConfigError(file, [
      {
        path: '(file)',
        message: at ? `not valid JSON: ${what} at line ${at.line}, column ${at.column}` : 'not valid JSON',
      },
    ]);
  }
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function describeJsonError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'malformed number',
    PropertyNameExpected: 'a "name" expected',
    ValueExpected: 'a value expected',
    ColonExpected: '":" expected',
    CommaExpected: '"," expected',
    CloseBraceExpected: '"}" expected',
    CloseBracketExpected: '"]" expected',
    EndOfFileExpected: 'text after the end',
    InvalidCommentToken: 'comments are not allowed',
    UnexpectedEndOfComment: 'unfinished comment',
    UnexpectedEndOfString: 'unfinished string',
    UnexpectedEndOfNumber: 'unfinished number',
    InvalidUnicode: 'bad \\u escape',
    InvalidEscapeCharacter: 'bad escape',
    InvalidCharacter: 'control character in a string',
  };
  return words[code] ?? 'syntax error';
}

export type ConfigCheck = { ok: true; config: KioskConfig } | { ok: false; problems: ConfigProblem[] };

/**
 * Checks a parsed configuration completely: unknown keys (with "did you mean"), every field of the kiosk
 * schema, and the provider block against its provider's own settings schema — all problems at once.
 */
export function checkConfig(raw: unknown): ConfigCheck {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, problems: [{ path: '(file)', message: 'must be a JSON object { … }' }] };
  const problems: ConfigProblem[] = [...unknownKeyProblems(KioskConfig, raw)];
  const parsed = KioskConfig.safeParse(raw);
  if (!parsed.success) problems.push(...zodProblems(parsed.error.issues));
  const provider = (raw as { provider?: unknown }).provider;
  const kind = (provider as { kind?: unknown } | undefined)?.kind;
  if (typeof provider === 'object' && provider !== null && PROVIDER_KINDS.includes(kind as ProviderKind)) {
    const { kind: _kind, ...settings } = provider as Record<string, unknown>;
    const schema = providerSettingsSchemas[kind as ProviderKind];
    problems.push(...unknownKeyProblems(schema, settings, ['provider']));
    const checked = schema.safeParse(settings);
    if (!checked.success) problems.push(...zodProblems(checked.error.issues, ['provider']));
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, config: parsed.data };
}

/** The raw (unvalidated) contents of `config.json`; `undefined` when there is none. */
export function readConfigFile(dataDir: string): { file: string; raw: unknown } | undefined {
  const file = join(dataDir, CONFIG_FILE);
  if (!existsSync(file)) return undefined;
  let text: string;
  try {
    const bytes = readFileSync(file);
    if (bytes.length > MAX_CONFIG_BYTES)
      throw new ConfigError(file, [{ path: '(file)', message: `larger than ${MAX_CONFIG_BYTES} bytes` }]);
    text = bytes.toString('utf8');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(file, [{ path: '(file)', message: `cannot be read (${code})` }]);
  }
  return { file, raw: parseConfigText(text, file) };
}

/**
 * Reads and checks `config.json` from the data dir; `undefined` when there is none (demo mode, or "not
 * configured"). Throws a ConfigError listing every problem. Secrets kept in the encrypted store are not
 * merged here (the host does that before checking); this is the plain-file view.
 */
export function loadConfig(dataDir: string): KioskConfig | undefined {
  const read = readConfigFile(dataDir);
  if (!read) return undefined;
  const checked = checkConfig(read.raw);
  if (!checked.ok) throw new ConfigError(read.file, checked.problems);
  return checked.config;
}
