import type { ReferenceEvent, UploadEvent } from '../providers/provider.js';
import { checkScanWindow } from './scan-window.js';

/** What an offline upload needs beyond the scan itself, captured when the scan is decided. */
export interface UploadContext {
  event?: UploadEvent;
  timeZone?: string;
}

/**
 * The event a scan belongs to for its upload: the one it was decided against; else the one event whose
 * scan window held it; else the only event synced. Used when a scan is queued, and by the migration that
 * gives queued rows of older versions what they lack.
 */
export function uploadContextFor(
  events: readonly ReferenceEvent[],
  eventId: string | undefined,
  at: number,
  timeZone: string | undefined,
): UploadContext {
  let event = eventId === undefined ? undefined : events.find((e) => e.eventId === eventId);
  if (!event && eventId === undefined) {
    const open = events.filter((e) => checkScanWindow(e, at, timeZone).state === 'open');
    event = open.length === 1 ? open[0] : events.length === 1 ? events[0] : undefined;
  }
  return {
    ...(event && {
      event: {
        eventId: event.eventId,
        name: event.name,
        ...(event.start !== undefined && { start: event.start }),
        ...(event.end !== undefined && { end: event.end }),
      },
    }),
    ...(timeZone !== undefined && { timeZone }),
  };
}
