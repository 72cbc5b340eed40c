import type { z } from 'zod';
import type { ProviderKind } from '../providers/provider.js';
import { EntryV1Settings } from '../providers/entry-v1/settings.js';
import { PresenceSettings } from '../providers/presence/settings.js';
import { VivenuSettings } from '../providers/vivenu/settings.js';
import { PasscreatorSettings } from '../providers/passcreator/settings.js';
import { WalletThatSettings } from '../providers/walletthat/settings.js';

/**
 * Each provider's own settings schema, by kind: the config loader checks the `provider` block against it
 * up front (one message per field, unknown keys refused), instead of the provider's constructor throwing a
 * raw ZodError after the journal is already open.
 */
export const providerSettingsSchemas: Record<ProviderKind, z.ZodType> = {
  'entry-v1': EntryV1Settings,
  presence: PresenceSettings,
  vivenu: VivenuSettings,
  passcreator: PasscreatorSettings,
  walletthat: WalletThatSettings,
};
