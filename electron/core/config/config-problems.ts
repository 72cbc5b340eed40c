import type { z } from 'zod';
import { closestName } from './did-you-mean.js';

/** One thing wrong with a configuration: the dotted field path and what is wrong, for a person. */
export interface ConfigProblem {
  /** e.g. `provider.apiKey`, `devices.scanners.0.path`; `(file)` for the file as a whole. */
  path: string;
  message: string;
}

type AnySchema = z.core.$ZodType;

/** The schema under default/optional/prefault/pipe wrappers (what decides which keys an object has). */
function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (let i = 0; i < 16; i++) {
    const def = current._zod.def as { type: string; innerType?: AnySchema; in?: AnySchema };
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else break;
  }
  return current;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Keys in `value` that `schema` does not know, each with a "did you mean" when a known key is close. zod
 * strips unknown keys silently, so a misspelt `decisonBudgetMs` would otherwise be ignored and the default
 * used. Objects declared `.loose()` (open on purpose) are not checked below their own level.
 */
export function unknownKeyProblems(schema: AnySchema, value: unknown, path: string[] = []): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  walk(schema, value, path, out);
  return out;
}

function walk(schema: AnySchema, value: unknown, path: string[], out: ConfigProblem[]): void {
  const s = unwrap(schema);
  const def = s._zod.def as {
    type: string;
    shape?: Record<string, AnySchema>;
    catchall?: AnySchema;
    element?: AnySchema;
    options?: AnySchema[];
    discriminator?: string;
  };
  if (def.type === 'object' && def.shape && isRecord(value)) {
    const open = def.catchall !== undefined && def.catchall._zod.def.type !== 'never';
    const known = Object.keys(def.shape);
    for (const [key, child] of Object.entries(value)) {
      const childSchema = def.shape[key];
      if (childSchema) walk(childSchema, child, [...path, key], out);
      else if (!open) {
        const guess = closestName(key, known);
        out.push({
          path: [...path, key].join('.'),
          message: `unknown setting${guess ? ` — did you mean "${guess}"?` : ''}`,
        });
      }
    }
  } else if (def.type === 'array' && def.element && Array.isArray(value)) {
    value.forEach((item, i) => walk(def.element!, item, [...path, String(i)], out));
  } else if (def.type === 'union' && def.options && def.discriminator && isRecord(value)) {
    const key = def.discriminator;
    const match = def.options.find((option) => {
      const shape = (unwrap(option)._zod.def as { shape?: Record<string, AnySchema> }).shape;
      const tag = shape?.[key];
      return tag !== undefined && tagAccepts(tag, value[key]);
    });
    if (match) walk(match, value, path, out);
  }
}

function tagAccepts(tag: AnySchema, value: unknown): boolean {
  const values = (unwrap(tag)._zod.def as { values?: unknown[] }).values;
  return Array.isArray(values) && values.includes(value);
}

/**
 * zod's issues as one problem per field. Messages never carry the offending value (it may be a secret);
 * a missing field says "required".
 */
export function zodProblems(issues: readonly z.core.$ZodIssue[], prefix: string[] = []): ConfigProblem[] {
  const seen = new Set<string>();
  const out: ConfigProblem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.map(String)].join('.') || '(top level)';
    const message = /received undefined$/.test(issue.message) ? 'required, but missing' : issue.message;
    const line = `${path}\u0000${message}`;
    if (seen.has(line)) continue;
    seen.add(line);
    out.push({ path, message });
  }
  return out;
}

/** `file: path: message`, the one line a tech reads on screen and in the log. */
export function describeProblem(file: string, problem: ConfigProblem): string {
  return problem.path === '(file)'
    ? `${file}: ${problem.message}`
    : `${file}: ${problem.path}: ${problem.message}`;
}
