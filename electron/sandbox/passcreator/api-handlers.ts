import { errorReplyWith, jsonReply, type Reply } from '../common/http-io.js';
import type { SandboxRequest } from '../common/sandbox-server.js';
import type { PassStore } from './pass-store.js';
import type { ScanStore } from './scan-store.js';
import type { SandboxAppConfiguration, SandboxPass, SandboxRoute, StoredAppScan } from './types.js';

export interface PasscreatorCounters {
  appScansReceived: number;
  /** App Scans stored (a deduplicated re-send is received but not stored). */
  appScansStored: number;
  duplicateAppScans: number;
  passLookups: number;
}

export interface HandlerDeps {
  apiKey: string;
  configurations: Map<string, SandboxAppConfiguration>;
  passes: PassStore;
  scans: ScanStore;
  counters: PasscreatorCounters;
}

/** Passcreator's error body is undocumented; the sandbox answers `{error}` like checkbyid's field. */
export function passcreatorErrorBody(_statusCode: number, messages: string[]) {
  return { error: messages.join('; ') };
}

const error = (status: number, ...messages: string[]): Reply =>
  errorReplyWith(passcreatorErrorBody, status, ...messages);

const CREATED_ON = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const CREATED_SINCE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/;
const MAX_PAGE_SIZE = 100;

type Handler = (req: SandboxRequest) => Reply;

/** The API's behaviour, route by route. Every route checks the bare `Authorization: <api key>` header. */
export function createApiHandlers(deps: HandlerDeps): Record<SandboxRoute, Handler> {
  const { configurations, passes, scans, counters } = deps;
  const authed =
    (handler: Handler): Handler =>
    (req) =>
      req.headers.authorization === deps.apiKey ? handler(req) : error(401, 'Unauthorized');

  return {
    appConfigurations: authed(() => jsonReply(200, [...configurations.values()])),

    appConfiguration: authed((req) => {
      const config = configurations.get(req.params.identifier ?? '');
      return config ? jsonReply(200, config) : error(404, 'App Configuration not found');
    }),

    passByUid: authed((req) => {
      counters.passLookups += 1;
      const pass = passes.get(req.params.uid ?? '');
      return pass ? jsonReply(200, passBody(pass)) : error(404, 'Pass not found');
    }),

    passCheckById: authed((req) => {
      counters.passLookups += 1;
      const pass = passes.findById(req.params.id ?? '');
      if (!pass) return error(404, 'No pass found for the given ID');
      return jsonReply(200, {
        error: '',
        identifier: pass.uid,
        uri: `https://app.passcreator.com/api/pass/${pass.uid}`,
        generatedId: pass.generatedId,
        searchString: pass.searchString,
        voided: pass.voided,
        passTemplateGuid: pass.passTemplateGuid,
      });
    }),

    appScan: authed((req) => createAppScan(deps, req)),

    appScanList: authed((req) => {
      const id = req.params.appConfigurationId ?? '';
      if (!configurations.has(id)) return error(404, 'App Configuration not found');
      return listScans(req, `/api/appscan/list/${id}`, id);
    }),

    appScanListAll: authed((req) => listScans(req, '/api/appscan/list')),
  };

  function listScans(req: SandboxRequest, path: string, configurationId?: string): Reply {
    const start = intParam(req.query.get('start'), 0);
    const askedSize = intParam(req.query.get('pageSize'), MAX_PAGE_SIZE);
    const createdSince = req.query.get('createdSince') ?? undefined;
    if (start === undefined || askedSize === undefined || askedSize < 1) {
      return error(400, 'start and pageSize must be non-negative integers (pageSize 1-100)');
    }
    // Documented maximum 100: a larger page size is served as 100.
    const pageSize = Math.min(askedSize, MAX_PAGE_SIZE);
    if (createdSince !== undefined && !CREATED_SINCE.test(createdSince)) {
      return error(400, 'createdSince must be formatted Y-m-d H:i');
    }
    const all = scans.list({
      ...(configurationId && { appConfigurationId: configurationId }),
      ...(createdSince && { createdSince }),
    });
    const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
    const pageUrl = (from: number) => {
      const q = new URLSearchParams();
      if (createdSince) q.set('createdSince', createdSince);
      q.set('start', String(from));
      q.set('pageSize', String(pageSize));
      return `${origin}${path}?${q.toString()}`;
    };
    const query: Record<string, unknown> = { start, pageSize, self: pageUrl(start) };
    // No `next` on the last page: that is how the API says the list has ended.
    if (start + pageSize < all.length) query.next = pageUrl(start + pageSize);
    return jsonReply(200, {
      query,
      total: all.length,
      results: all.slice(start, start + pageSize).map((s) => listedScan(s, deps)),
    });
  }
}

function createAppScan(deps: HandlerDeps, req: SandboxRequest): Reply {
  const { counters } = deps;
  let body: unknown;
  try {
    body = JSON.parse(req.body.toString('utf8'));
  } catch {
    return error(400, 'body must be JSON');
  }
  const problems = appScanProblems(body);
  if (problems.length > 0) return error(400, ...problems);
  const b = body as {
    appConfigurationId: string;
    passId: string | null;
    scanStatus: number;
    createdOn: string;
    scannedBarcodeValue: string;
    deviceName: string;
    setVoided?: boolean;
    additionalProperties?: Record<string, unknown>;
  };
  counters.appScansReceived += 1;
  const config = deps.configurations.get(b.appConfigurationId);
  if (!config) return error(404, 'App Configuration not found');
  const pass = b.passId === null ? undefined : deps.passes.get(b.passId);
  if (b.passId !== null && !pass) return error(404, 'Pass Instance not found');

  const identity = {
    appConfigurationId: config.configurationId,
    passUid: pass?.uid ?? null,
    scannedBarcodeValue: b.scannedBarcodeValue,
    createdOn: b.createdOn,
    deviceName: b.deviceName,
  };
  const duplicate = deps.scans.duplicateOf({ ...identity, scanStatus: b.scanStatus });
  if (duplicate) {
    counters.duplicateAppScans += 1;
    return jsonReply(200, {
      appScanId: duplicate.appScanId,
      scanStatus: duplicate.scanStatus,
      location: null,
      success: true,
    });
  }
  const scanStatus = finalScanStatus(config, pass, b.scanStatus, b.setVoided);
  const stored = deps.scans.add(
    {
      ...identity,
      scanStatus,
      ...(b.setVoided !== undefined && { setVoided: b.setVoided }),
      additionalProperties: b.additionalProperties ?? {},
    },
    b.scanStatus,
  );
  counters.appScansStored += 1;
  return jsonReply(201, { appScanId: stored.appScanId, scanStatus, location: null, success: true });
}

/**
 * The server's word on a scan, applied atomically to the pass:
 * - no pass → 3 (not found);
 * - a denial the client reports (1 or 3) is recorded as sent;
 * - a claimed admission of a voided pass → 1 (the client's view was stale: another gate got there first);
 * - otherwise the pass is voided (`setVoided`, defaulting to the configuration's scanMode 0) → 0,
 *   or its attendance is saved → 2.
 * `setVoided: true` voids the pass whatever the status, as the document defines it ("the pass should be
 * voided (marked invalid) afterwards"): a client that sends it with a denial destroys the patron's pass.
 */
export function finalScanStatus(
  config: SandboxAppConfiguration,
  pass: SandboxPass | undefined,
  claimed: number,
  setVoided: boolean | undefined,
): number {
  if (!pass) return 3;
  if (claimed === 1 || claimed === 3) {
    if (setVoided === true) pass.voided = true;
    return claimed;
  }
  if (pass.voided) return 1;
  if (setVoided ?? config.scanMode === 0) {
    pass.voided = true;
    return 0;
  }
  pass.attendance += 1;
  return 2;
}

function appScanProblems(body: unknown): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return ['body must be a JSON object'];
  const b = body as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of ['appConfigurationId', 'scannedBarcodeValue', 'deviceName', 'createdOn']) {
    if (typeof b[key] !== 'string') problems.push(`${key} must be a string`);
  }
  if (typeof b.createdOn === 'string' && !CREATED_ON.test(b.createdOn)) {
    problems.push('createdOn must be formatted Y-m-d H:i:s');
  }
  if (!(typeof b.passId === 'string' || b.passId === null)) problems.push('passId must be a string or null');
  if (!(typeof b.scanStatus === 'number' && [0, 1, 2, 3].includes(b.scanStatus))) {
    problems.push('scanStatus must be 0, 1, 2 or 3');
  }
  if (b.setVoided !== undefined && typeof b.setVoided !== 'boolean')
    problems.push('setVoided must be a boolean');
  if (
    b.additionalProperties !== undefined &&
    (typeof b.additionalProperties !== 'object' || b.additionalProperties === null)
  ) {
    problems.push('additionalProperties must be an object');
  }
  return problems;
}

function passBody(pass: SandboxPass) {
  return {
    identifier: pass.uid,
    uri: `https://app.passcreator.com/api/pass/${pass.uid}`,
    generatedId: pass.generatedId,
    searchString: pass.searchString,
    passData: pass.passData ?? '',
    voided: pass.voided,
    userProvidedId: pass.userProvidedId ?? '',
    passTemplateGuid: pass.passTemplateGuid,
    passTemplateName: pass.passTemplateName,
    linkToPassPage: `https://app.passcreator.com/p/${pass.uid}`,
    thumbnail: null,
    qrCodeImage: `https://app.passcreator.com/qr/${pass.uid}.png`,
    passFieldData: [],
  };
}

/** A stored scan in the documented list shape (the pass fields as they are now). */
function listedScan(scan: StoredAppScan, deps: HandlerDeps) {
  const pass = scan.passUid ? deps.passes.get(scan.passUid) : undefined;
  const config = deps.configurations.get(scan.appConfigurationId);
  return {
    scanStatus: scan.scanStatus,
    createdOn: scan.createdOn,
    // The sandbox's customer time zone is UTC.
    createdOnUtc: scan.createdOn,
    passId: pass?.uid ?? '',
    passGeneratedId: pass?.generatedId ?? '',
    passSearchString: pass?.searchString ?? '',
    passData: pass?.passData ?? '',
    passVoided: pass?.voided ?? false,
    passUserProvidedId: pass?.userProvidedId ?? '',
    passTemplateGuid: pass?.passTemplateGuid ?? '',
    passTemplateName: pass?.passTemplateName ?? '',
    appConfigurationId: scan.appConfigurationId,
    place: config?.place ?? '',
    scannedBarcodeValue: scan.scannedBarcodeValue,
    appScanId: scan.appScanId,
    deviceName: scan.deviceName,
    additionalPropertiesScan: [],
    additionalProperties: scan.additionalProperties,
    storedValue: null,
  };
}

function intParam(value: string | null, fallback: number): number | undefined {
  if (value === null || value === '') return fallback;
  return /^\d+$/.test(value) ? Number(value) : undefined;
}
