import type { Outcome } from '../../../common/contract.js';
import { ProviderProtocolError, type ProviderDecision } from '../provider.js';
import type { ResolvedPass } from './pass-resolver.js';
import type { PasscreatorAppConfiguration } from './response-schemas.js';
import { mapPasscreatorScanStatus, SCAN_STATUS, type ScanStatus } from './status-map.js';

/** The App Configuration facts a decision needs, read once by `configure`. */
export interface ConfigurationRules {
  configurationId: string;
  name: string;
  /** 0: void after scan; 1: attendance only. */
  scanMode: 0 | 1;
  /** Templates this configuration validates; undefined = all passes. */
  templateIds?: ReadonlySet<string>;
  templateName?: string;
}

export function toConfigurationRules(config: PasscreatorAppConfiguration): ConfigurationRules | undefined {
  if (config.scanMode !== 0 && config.scanMode !== 1) return undefined;
  // passTemplateIds wins over passTemplateId when set (documented).
  const ids = config.passTemplateIds?.length
    ? config.passTemplateIds
    : config.passTemplateId
      ? [config.passTemplateId]
      : [];
  const rules: ConfigurationRules = {
    configurationId: config.configurationId,
    name: config.name,
    scanMode: config.scanMode,
  };
  if (ids.length > 0) rules.templateIds = new Set(ids);
  if (config.passTemplateName) rules.templateName = config.passTemplateName;
  return rules;
}

/**
 * Does this configuration validate the pass at all? A pass of another template counts as "not found" for
 * it (Passcreator has no separate status). When the answer does not name the template (checkbyid may
 * omit it), the pass is not refused on that ground.
 */
function coversPass(rules: ConfigurationRules, pass: ResolvedPass): boolean {
  return !rules.templateIds || !pass.templateGuid || rules.templateIds.has(pass.templateGuid);
}

/** The kiosk's own scanStatus for an online scan, before the server has its say. */
export function computeScanStatus(pass: ResolvedPass | undefined, rules: ConfigurationRules): ScanStatus {
  if (!pass || !coversPass(rules, pass)) return SCAN_STATUS.notFound;
  if (pass.voided) return SCAN_STATUS.alreadyVoided;
  return rules.scanMode === 0 ? SCAN_STATUS.voidedNow : SCAN_STATUS.attendanceSaved;
}

/**
 * The scanStatus to record for a scan the kiosk already decided offline. Passcreator has no "refused for
 * another reason" status: a refused known pass is recorded as 1 (not valid), an unknown one as 3.
 */
export function offlineScanStatus(
  outcome: Outcome,
  pass: ResolvedPass | undefined,
  rules: ConfigurationRules,
): ScanStatus {
  if (!pass || !coversPass(rules, pass)) return SCAN_STATUS.notFound;
  if (outcome !== 'admit') return SCAN_STATUS.alreadyVoided;
  return rules.scanMode === 0 ? SCAN_STATUS.voidedNow : SCAN_STATUS.attendanceSaved;
}

/** The server's final scanStatus → decision. An undocumented status is a protocol error, never an admit. */
export function toProviderDecision(
  finalStatus: number,
  pass: ResolvedPass | undefined,
  rules: ConfigurationRules,
): ProviderDecision {
  const meaning = mapPasscreatorScanStatus(finalStatus);
  if (!meaning) throw new ProviderProtocolError(`Passcreator app scan: unknown scanStatus ${finalStatus}`);
  const decision: ProviderDecision = {
    outcome: meaning.outcome,
    rawStatus: String(finalStatus),
    reasonCode: meaning.reasonCode,
    reasonText: meaning.reasonText,
    eventId: rules.configurationId,
  };
  const eventName = pass?.templateName ?? rules.templateName;
  if (eventName) decision.eventName = eventName;
  if (pass) decision.ticketId = pass.uid;
  return decision;
}
