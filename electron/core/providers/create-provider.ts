import type { KioskConfig } from '../config/kiosk-config.js';
import type { Logger } from '../logger.js';
import type { TicketCheckProvider } from './provider.js';
import { EntryV1Provider } from './entry-v1/index.js';

/** Builds the configured validating provider. Each provider validates its own settings schema. */
export function createProvider(
  config: KioskConfig['provider'],
  deps: { logger: Logger; now?: () => number },
): TicketCheckProvider {
  const { kind, ...settings } = config;
  switch (kind) {
    case 'entry-v1':
      return new EntryV1Provider(settings as never, {
        logger: deps.logger.child({ provider: kind }),
        ...(deps.now && { now: deps.now }),
      });
    default:
      throw new Error(`provider ${kind} is not available in this build`);
  }
}
