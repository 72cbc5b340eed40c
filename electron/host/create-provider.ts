import type { KioskConfig } from '../core/config/kiosk-config.js';
import type { Logger } from '../core/logger.js';
import type { TicketCheckProvider } from '../core/providers/provider.js';
import { EntryV1Provider } from '../core/providers/entry-v1/index.js';
import { PasscreatorProvider } from '../core/providers/passcreator/index.js';
import { PresenceProvider } from '../core/providers/presence/index.js';
import { VivenuProvider } from '../core/providers/vivenu/index.js';
import { WalletThatProvider } from '../core/providers/walletthat/index.js';
import type { ProviderDeps } from '../core/providers/provider-deps.js';

/** Builds the configured validating provider. Each provider validates its own settings schema. */
export function createProvider(
  config: KioskConfig['provider'],
  deps: { logger: Logger; now?: () => number },
): TicketCheckProvider {
  const { kind, ...settings } = config;
  const providerDeps: ProviderDeps = {
    logger: deps.logger.child({ provider: kind }),
    ...(deps.now && { now: deps.now }),
  };
  switch (kind) {
    case 'entry-v1':
      return new EntryV1Provider(settings as never, providerDeps);
    case 'presence':
      return new PresenceProvider(settings as never, providerDeps);
    case 'vivenu':
      return new VivenuProvider(settings as never, providerDeps);
    case 'passcreator':
      return new PasscreatorProvider(settings as never, providerDeps);
    case 'walletthat':
      return new WalletThatProvider(settings as never, providerDeps);
    default:
      throw new Error(`provider ${kind} is not available in this build`);
  }
}
