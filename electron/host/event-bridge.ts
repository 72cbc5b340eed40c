import { events, type EventName, type EventPayload } from '../common/contract.js';
import type { Kiosk } from '../core/kiosk.js';
import type { Logger } from '../core/logger.js';

/** How a shell pushes one event to its renderer(s): IPC `webContents.send`, a WebSocket broadcast. */
export type SendEvent = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/**
 * The one event bridge both shells use: every core event the contract names is checked against its
 * schema and handed to the shell's `send`. An event that breaks the contract is logged and not sent.
 * Returns the function that stops forwarding.
 */
export function bridgeEvents(kiosk: Kiosk, send: SendEvent, logger: Logger): () => void {
  const forward = <E extends EventName>(event: E) => {
    const listener = (payload: unknown) => {
      const checked = events[event].safeParse(payload);
      if (!checked.success) {
        logger.error({ event }, 'refusing to send an event that breaks the contract');
        return;
      }
      send(event, checked.data as EventPayload<E>);
    };
    // Every contract event is a kiosk event with one payload argument.
    const emitter = kiosk as unknown as NodeJS.EventEmitter;
    emitter.on(event, listener);
    return () => void emitter.off(event, listener);
  };
  const stops = (Object.keys(events) as EventName[]).map(forward);
  return () => stops.forEach((stop) => stop());
}
