import type { AccessRules, ReferenceData, ReferenceEvent } from '../provider.js';
import type { EntryV1Event } from './response-schemas.js';

/**
 * Get Events → the core's reference data. Times stay as the API wrote them (offset-less venue wall time);
 * `timeZone` says how to read them. NFC keys pass through untouched: the offline NFC code interprets them.
 */
export function toReferenceData(
  events: readonly EntryV1Event[],
  nfcKeys: unknown,
  venueTimezone: string | undefined,
  rules: AccessRules = {},
): ReferenceData {
  const data: ReferenceData = { events: events.map((e) => toReferenceEvent(e, venueTimezone)) };
  if (Object.keys(rules).length > 0) data.rules = rules;
  if (nfcKeys !== undefined && nfcKeys !== null) data.nfcKeys = nfcKeys;
  return data;
}

function toReferenceEvent(e: EntryV1Event, timeZone: string | undefined): ReferenceEvent {
  const ref: ReferenceEvent = { eventId: e.eventId, name: e.eventName };
  if (e.startDateTime) ref.start = e.startDateTime;
  if (e.endDateTime) ref.end = e.endDateTime;
  if (e.scanStartDateTime) ref.scanStart = e.scanStartDateTime;
  if (e.scanEndDateTime) ref.scanEnd = e.scanEndDateTime;
  if (timeZone) ref.timeZone = timeZone;
  if (e.barcodeMasks) ref.barcodeMasks = [...e.barcodeMasks];
  return ref;
}
