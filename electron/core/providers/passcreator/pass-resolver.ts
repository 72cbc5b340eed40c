import { ProviderProtocolError } from '../provider.js';
import type { HttpTransport } from '../http/http-transport.js';
import { fillPath, isSuccessStatus, parseBody, type Scrub } from '../http/answers.js';
import { call, httpStatusError } from './http-call.js';
import { PasscreatorCheckByIdResponse, PasscreatorPass } from './response-schemas.js';
import type { PasscreatorSettings } from './settings.js';

/** What the decision needs to know about a pass. */
export interface ResolvedPass {
  /** Passcreator's pass UID (`identifier`); sent as the App Scan's `passId`. */
  uid: string;
  voided: boolean;
  generatedId?: string;
  userProvidedId?: string;
  templateGuid?: string;
  templateName?: string;
  searchString?: string;
}

export interface ResolverDeps {
  transport: HttpTransport;
  settings: PasscreatorSettings;
  scrub: Scrub;
}

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Barcode value → pass, by the configured `passLookup` mode. `undefined` means "no such pass" (HTTP 404 or
 * an empty/errored checkbyid answer); every other failure throws.
 */
export async function resolvePass(
  deps: ResolverDeps,
  barcode: string,
  signal: AbortSignal,
): Promise<ResolvedPass | undefined> {
  const mode = deps.settings.passLookup;
  if (mode === 'checkbyid') return checkById(deps, barcode, signal);
  // A UID is a UUID; anything else cannot be one, so it is not sent to the UID endpoint at all.
  const byUid = UUID_SHAPE.test(barcode) ? await passByUid(deps, barcode, signal) : undefined;
  if (byUid || mode === 'uid') return byUid;
  return checkById(deps, barcode, signal);
}

/** `GET /api/pass/{uid}`; also used by `lookup` for display details. */
export async function passByUid(
  deps: ResolverDeps,
  uid: string,
  signal: AbortSignal,
): Promise<ResolvedPass | undefined> {
  const label = 'Passcreator pass';
  const answer = await call({
    transport: deps.transport,
    method: 'GET',
    url: deps.settings.baseUrl.replace(/\/+$/, '') + fillPath(deps.settings.paths.passByUid, { uid }),
    apiKey: deps.settings.apiKey,
    signal,
    label,
  });
  if (answer.status === 404) return undefined;
  if (!isSuccessStatus(answer.status)) throw httpStatusError(answer, label, deps.scrub);
  const pass = parseBody(answer, PasscreatorPass, label);
  return compact({
    uid: pass.identifier,
    voided: pass.voided,
    generatedId: pass.generatedId,
    userProvidedId: pass.userProvidedId,
    templateGuid: pass.passTemplateGuid,
    templateName: pass.passTemplateName,
    searchString: pass.searchString,
  });
}

async function checkById(
  deps: ResolverDeps,
  barcode: string,
  signal: AbortSignal,
): Promise<ResolvedPass | undefined> {
  const label = 'Passcreator checkbyid';
  const answer = await call({
    transport: deps.transport,
    method: 'GET',
    url:
      deps.settings.baseUrl.replace(/\/+$/, '') +
      fillPath(deps.settings.paths.passCheckById, { id: barcode }),
    apiKey: deps.settings.apiKey,
    signal,
    label,
  });
  if (answer.status === 404) return undefined;
  if (!isSuccessStatus(answer.status)) throw httpStatusError(answer, label, deps.scrub);
  const parsed = parseBody(answer, PasscreatorCheckByIdResponse, label);
  // An entry with a non-empty `error` or no identifier is "no pass" per the docs' `error` field.
  const hits = (Array.isArray(parsed) ? parsed : [parsed]).filter((h) => !h.error && h.identifier);
  if (hits.length === 0) return undefined;
  if (hits.length > 1) {
    // Passcreator warns checkbyid is only reliable with unique IDs; guessing which pass is meant could
    // admit twice on one ticket, so staff must look.
    throw new ProviderProtocolError(`${label}: barcode matches ${hits.length} passes`, answer.status);
  }
  const hit = hits[0] as (typeof hits)[number];
  if (typeof hit.voided !== 'boolean') {
    throw new ProviderProtocolError(`${label}: unexpected response (voided: missing)`, answer.status);
  }
  return compact({
    uid: hit.identifier as string,
    voided: hit.voided,
    generatedId: hit.generatedId,
    templateGuid: hit.passTemplateGuid,
    searchString: hit.searchString,
  });
}

type Loose<T> = { [K in keyof T]: T[K] | null | undefined };

/** Drops empty optional fields, so `ResolvedPass` never carries nulls or empty strings. */
function compact(pass: Loose<ResolvedPass> & { uid: string; voided: boolean }): ResolvedPass {
  const out: ResolvedPass = { uid: pass.uid, voided: pass.voided };
  for (const key of [
    'generatedId',
    'userProvidedId',
    'templateGuid',
    'templateName',
    'searchString',
  ] as const) {
    const value = pass[key];
    if (value) out[key] = value;
  }
  return out;
}
