import type { NormalisedScan } from '../../scan/scan-input.js';
import {
  ProviderNotConfiguredError,
  ProviderProtocolError,
  ProviderUnavailableError,
  type OfflineScanRecord,
  type ProviderDecision,
  type ReferenceData,
  type ReferenceTicket,
  type TicketCheckProvider,
  type TicketLookup,
  type UploadResult,
  type ValidateContext,
} from '../provider.js';
import { fillPath, isSuccessStatus, parseBody, secretScrub } from '../http/answers.js';
import type { HttpTransport } from '../http/http-transport.js';
import { nodeHttpTransport } from '../http/node-http-transport.js';
import type { ProviderDeps, ProviderLogger } from '../provider-deps.js';
import { formatCreatedOn, formatCreatedSince } from './created-on.js';
import { call, httpStatusError } from './http-call.js';
import { passByUid, resolvePass, type ResolvedPass, type ResolverDeps } from './pass-resolver.js';
import {
  PasscreatorAppConfiguration,
  PasscreatorAppConfigurationList,
  PasscreatorAppScanCreated,
  type PasscreatorListedScan,
} from './response-schemas.js';
import {
  computeScanStatus,
  offlineScanStatus,
  toConfigurationRules,
  toProviderDecision,
  type ConfigurationRules,
} from './scan-decision.js';
import { listScans } from './scan-list.js';
import { PasscreatorSettings, type PasscreatorSettingsInput } from './settings.js';
import { mapPasscreatorScanStatus, SCAN_STATUS, type ScanStatus } from './status-map.js';

interface AppScanRequest {
  pass: ResolvedPass | undefined;
  barcode: string;
  scanStatus: ScanStatus;
  createdOn: string;
  setVoided: boolean;
}

/** An offline upload larger than this is the caller's mistake; the core splits by `maxUploadBatch`. */
const MAX_UPLOAD_BATCH = 50;

/**
 * Passcreator "Validate Passes": the kiosk decides (pass lookup + the App Configuration's scan mode) and
 * records the decision as an App Scan before answering, so the server can void the pass and overrule the
 * kiosk (its returned `scanStatus` wins, e.g. when another gate voided the pass a moment earlier).
 */
export class PasscreatorProvider implements TicketCheckProvider {
  readonly name = 'passcreator';
  readonly maxUploadBatch = MAX_UPLOAD_BATCH;
  private readonly settings: PasscreatorSettings;
  private readonly transport: HttpTransport;
  private readonly logger: ProviderLogger | undefined;
  private rules: ConfigurationRules | undefined;
  private closed = false;

  constructor(settings: PasscreatorSettingsInput, deps: ProviderDeps = {}) {
    this.settings = PasscreatorSettings.parse(settings);
    this.transport = deps.transport ?? nodeHttpTransport;
    this.logger = deps.logger;
  }

  /**
   * Lists the account's App Configurations, then reads the configured one. A configuration that is missing
   * or has a scan mode this kiosk cannot follow puts the kiosk out of service.
   */
  async configure(signal: AbortSignal): Promise<void> {
    this.closed = false;
    this.rules = undefined;
    const id = this.settings.appConfigurationId;
    const listed = await this.getJson(
      this.settings.paths.appConfigurations,
      {},
      PasscreatorAppConfigurationList,
      'Passcreator app configurations',
      signal,
    );
    if (!listed.some((c) => c.configurationId === id)) {
      throw new ProviderNotConfiguredError(
        `Passcreator: App Configuration ${id} is not among the ${listed.length} this API key can use`,
      );
    }
    this.rules = await this.loadConfiguration(signal);
    this.logger?.debug(
      { configurationId: id, scanMode: this.rules.scanMode },
      'Passcreator App Configuration loaded',
    );
  }

  /** The App Configuration rules from the last `configure` (undefined before). */
  getConfiguration(): Readonly<ConfigurationRules> | undefined {
    return this.rules;
  }

  async validate(scan: NormalisedScan, ctx: ValidateContext): Promise<ProviderDecision> {
    const { signal } = ctx;
    const rules = await this.usableRules(signal);
    const pass = await resolvePass(this.resolverDeps(), scan.token, signal);
    const sent = computeScanStatus(pass, rules);
    const created = await this.postAppScan(
      {
        pass,
        barcode: scan.token,
        scanStatus: sent,
        createdOn: formatCreatedOn(scan.receivedAt, this.settings.timeZone),
        // `setVoided` voids the pass "afterwards" whatever the status: only the admitting scan of a
        // void-mode configuration may send it. A refusal (another template's pass, one already voided, an
        // unknown barcode) is recorded as such and leaves the patron's pass as it was.
        setVoided: sent === SCAN_STATUS.voidedNow,
      },
      signal,
    );
    // Passcreator sends no request id; the App Scan id is what support can trace.
    ctx.onRequestId(created.appScanId);
    if (created.scanStatus !== sent) {
      this.logger?.debug(
        { sent, final: created.scanStatus },
        'Passcreator overruled the computed scanStatus',
      );
    }
    return toProviderDecision(created.scanStatus, pass, rules);
  }

  /** The configuration as an event, and the barcodes its App Scans have seen with their pass state. */
  async syncReference(signal: AbortSignal): Promise<ReferenceData> {
    const rules = await this.usableRules(signal);
    const list = await listScans(this.resolverDeps(), { maxPages: this.settings.maxSyncPages, signal });
    if (list.truncated) {
      this.logger?.warn(
        { read: list.scans.length, total: list.total },
        'Passcreator scan list longer than maxSyncPages; reference data is partial',
      );
    }
    const latest = new Map<string, PasscreatorListedScan>();
    for (const scan of list.scans) {
      if (scan.scanStatus === 3) continue; // An unknown barcode is not a ticket.
      const seen = latest.get(scan.scannedBarcodeValue);
      if (!seen || seen.createdOn <= scan.createdOn) latest.set(scan.scannedBarcodeValue, scan);
    }
    const tickets: ReferenceTicket[] = [...latest.values()].map((scan) => {
      const ticket: ReferenceTicket = {
        token: scan.scannedBarcodeValue,
        eventId: rules.configurationId,
        status: isVoidedPerScan(scan) ? 'voided' : 'valid',
      };
      if (scan.passId) ticket.ticketId = scan.passId;
      return ticket;
    });
    return { events: [{ eventId: rules.configurationId, name: rules.name }], tickets };
  }

  /**
   * Posts offline decisions as App Scans with their original `createdOn`. Passcreator has no idempotency
   * key, so the batch is first checked against the scans already listed since its earliest scan (same
   * barcode, `createdOn` and device name): a batch re-sent after a lost reply adds nothing.
   */
  async uploadOffline(batch: OfflineScanRecord[], signal: AbortSignal): Promise<UploadResult> {
    const result: UploadResult = { accepted: [], rejected: [] };
    if (batch.length === 0) return result;
    const rules = await this.usableRules(signal);
    const tz = this.settings.timeZone;
    const earliest = Math.min(...batch.map((r) => r.scannedAt));
    const listed = await listScans(this.resolverDeps(), {
      createdSince: formatCreatedSince(earliest - 60_000, tz),
      maxPages: this.settings.maxSyncPages,
      signal,
    });
    const known = new Set<string>();
    for (const s of listed.scans) {
      if (s.appConfigurationId && s.appConfigurationId !== rules.configurationId) continue;
      // Another gate's scan of the same pass in the same second is not ours.
      if (s.deviceName && s.deviceName !== this.settings.deviceName) continue;
      known.add(scanKey(s.scannedBarcodeValue, s.createdOn));
      if (s.createdOnUtc) known.add(scanKey(s.scannedBarcodeValue, `UTC ${s.createdOnUtc}`));
    }
    for (const record of batch) {
      if (record.direction === 'exit') {
        result.rejected.push({ scanId: record.scanId, reason: 'Passcreator records no exit scans' });
        continue;
      }
      const createdOn = formatCreatedOn(record.scannedAt, tz);
      const key = scanKey(record.token, createdOn);
      if (
        known.has(key) ||
        known.has(scanKey(record.token, `UTC ${formatCreatedOn(record.scannedAt, 'UTC')}`))
      ) {
        result.accepted.push(record.scanId);
        continue;
      }
      const pass = await resolvePass(this.resolverDeps(), record.token, signal);
      const scanStatus = offlineScanStatus(record.outcome, pass, rules);
      try {
        await this.postAppScan(
          {
            pass,
            barcode: record.token,
            scanStatus,
            createdOn,
            setVoided: scanStatus === SCAN_STATUS.voidedNow,
          },
          signal,
        );
      } catch (err) {
        // The server refused this scan's content (400/404): dead-letter it, keep going with the rest.
        if (err instanceof ProviderProtocolError && (err.httpStatus === 400 || err.httpStatus === 404)) {
          result.rejected.push({ scanId: record.scanId, reason: err.message });
          continue;
        }
        throw err;
      }
      known.add(key);
      result.accepted.push(record.scanId);
    }
    this.logger?.debug(
      { accepted: result.accepted.length, rejected: result.rejected.length },
      'Passcreator offline scans uploaded',
    );
    return result;
  }

  /** Staff lookup: the pass, its state, and its App Scans in this configuration. Records nothing. */
  async lookup(token: string, signal: AbortSignal): Promise<TicketLookup> {
    const rules = await this.usableRules(signal);
    const deps = this.resolverDeps();
    const pass = await resolvePass(deps, token, signal);
    if (!pass) return { token, found: false };
    // checkbyid does not name the template; the UID endpoint does.
    const details = pass.templateName ? pass : ((await passByUid(deps, pass.uid, signal)) ?? pass);
    const list = await listScans(deps, { maxPages: this.settings.maxLookupPages, signal });
    const history = list.scans
      .filter((s) => s.passId === pass.uid || s.scannedBarcodeValue === token)
      .map((s) => {
        const entry: { at: string; outcome: string; where?: string } = {
          at: s.createdOn,
          outcome: mapPasscreatorScanStatus(s.scanStatus)?.reasonCode ?? `scanStatus ${s.scanStatus}`,
        };
        const where = s.place || s.deviceName;
        if (where) entry.where = where;
        return entry;
      });
    const found: TicketLookup = {
      token,
      found: true,
      eventId: rules.configurationId,
      status: details.voided ? 'voided' : 'valid',
      history,
    };
    const eventName = details.templateName ?? rules.templateName;
    if (eventName) found.eventName = eventName;
    return found;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.rules = undefined;
  }

  private async usableRules(signal: AbortSignal): Promise<ConfigurationRules> {
    if (this.closed) throw new ProviderUnavailableError('Passcreator: provider closed');
    this.rules ??= await this.loadConfiguration(signal);
    return this.rules;
  }

  private async loadConfiguration(signal: AbortSignal): Promise<ConfigurationRules> {
    const id = this.settings.appConfigurationId;
    const label = 'Passcreator app configuration';
    const answer = await this.get(this.settings.paths.appConfiguration, { identifier: id }, label, signal);
    if (answer.status === 404) {
      throw new ProviderNotConfiguredError(`Passcreator: App Configuration ${id} does not exist`);
    }
    if (!isSuccessStatus(answer.status)) throw httpStatusError(answer, label, this.scrub);
    const config = parseBody(answer, PasscreatorAppConfiguration, label);
    if (config.configurationId !== id) {
      throw new ProviderProtocolError(`${label}: answered for another configuration`, answer.status);
    }
    const rules = toConfigurationRules(config);
    if (!rules) {
      throw new ProviderNotConfiguredError(
        `Passcreator: App Configuration ${id} has scan mode ${config.scanMode}; only 0 (void) and 1 (attendance) are supported`,
      );
    }
    return rules;
  }

  private async postAppScan(req: AppScanRequest, signal: AbortSignal) {
    const label = 'Passcreator app scan';
    const answer = await call({
      transport: this.transport,
      method: 'POST',
      url: this.url(this.settings.paths.appScan, {}),
      apiKey: this.settings.apiKey,
      body: {
        appConfigurationId: this.settings.appConfigurationId,
        passId: req.pass?.uid ?? null,
        scanStatus: req.scanStatus,
        createdOn: req.createdOn,
        scannedBarcodeValue: req.barcode,
        deviceName: this.settings.deviceName,
        setVoided: req.setVoided && req.pass !== undefined,
      },
      signal,
      label,
    });
    if (!isSuccessStatus(answer.status)) throw httpStatusError(answer, label, this.scrub);
    const created = parseBody(answer, PasscreatorAppScanCreated, label);
    if (!created.success) {
      // Not recorded means not voided: admitting could let the same pass in twice.
      throw new ProviderProtocolError(`${label}: server reported success=false`, answer.status);
    }
    return created;
  }

  private async getJson<S extends Parameters<typeof parseBody>[1]>(
    path: string,
    values: Record<string, string>,
    schema: S,
    label: string,
    signal: AbortSignal,
  ) {
    const answer = await this.get(path, values, label, signal);
    if (!isSuccessStatus(answer.status)) throw httpStatusError(answer, label, this.scrub);
    return parseBody(answer, schema, label);
  }

  private get(path: string, values: Record<string, string>, label: string, signal: AbortSignal) {
    if (this.closed) throw new ProviderUnavailableError('Passcreator: provider closed');
    return call({
      transport: this.transport,
      method: 'GET',
      url: this.url(path, values),
      apiKey: this.settings.apiKey,
      signal,
      label,
    });
  }

  private resolverDeps(): ResolverDeps {
    return { transport: this.transport, settings: this.settings, scrub: this.scrub };
  }

  private url(path: string, values: Record<string, string>): string {
    return this.settings.baseUrl.replace(/\/+$/, '') + fillPath(path, values);
  }

  /** Blanks the API key out of server-provided text. */
  private readonly scrub = secretScrub(() => [this.settings.apiKey]);
}

function scanKey(barcode: string, createdOn: string): string {
  return `${barcode}\u0000${createdOn}`;
}

/** The listed pass flag when present (current state), else what the scan itself did. */
function isVoidedPerScan(scan: PasscreatorListedScan): boolean {
  if (typeof scan.passVoided === 'boolean') return scan.passVoided;
  return scan.scanStatus === 0 || scan.scanStatus === 1;
}
