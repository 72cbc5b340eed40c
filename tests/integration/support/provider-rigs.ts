/**
 * One rig per provider, all of the same shape: start its sandbox with the test's API key (and clock), the
 * provider settings that point at it, and the provider built or configured against it. The scan, context,
 * clock and transport helpers are shared (`provider-harness.ts`).
 */
import type { ProviderDeps } from '../../../electron/core/providers/provider-deps.js';
import {
  EntryV1Provider,
  type EntryV1ProviderDeps,
  type EntryV1SettingsInput,
} from '../../../electron/core/providers/entry-v1/index.js';
import {
  PasscreatorProvider,
  type PasscreatorSettingsInput,
} from '../../../electron/core/providers/passcreator/index.js';
import {
  PresenceProvider,
  type PresenceSettingsInput,
} from '../../../electron/core/providers/presence/index.js';
import { VivenuProvider, type VivenuSettingsInput } from '../../../electron/core/providers/vivenu/index.js';
import {
  WalletThatProvider,
  type WalletThatSettingsInput,
} from '../../../electron/core/providers/walletthat/index.js';
import { startEntryV1Sandbox, type EntryV1SandboxOptions } from '../../../electron/sandbox/entry-v1/index.js';
import {
  SEED_VOID_CONFIGURATION_ID,
  startPasscreatorSandbox,
  type PasscreatorSandboxOptions,
} from '../../../electron/sandbox/passcreator/index.js';
import {
  PRESENCE_DEMO_GATES,
  PRESENCE_DEMO_VENUE_ID,
  presenceDemoFixture,
  startPresenceSandbox,
  type PresenceSandboxOptions,
} from '../../../electron/sandbox/presence/index.js';
import {
  DEMO_EVENT_ID,
  startVivenuSandbox,
  type VivenuSandboxOptions,
} from '../../../electron/sandbox/vivenu/index.js';
import {
  DEMO_TEMPLATE_ID,
  startWalletThatSandbox,
  type WalletThatSandboxOptions,
} from '../../../electron/sandbox/walletthat/index.js';
import type { TestClock } from './provider-harness.js';

/** Sandbox options as a test writes them: the API key is the rig's, the clock a `TestClock`. */
type RigOptions<O> = Omit<O, 'apiKey' | 'clock'> & { clock?: TestClock };

/**
 * `Target` is what the settings need of a sandbox (its URL), so a test can point a provider at any
 * server, a stand-in that closes connections included.
 */
export interface ProviderRig<Sandbox extends Target, Target, Options, Settings, Deps, Provider> {
  readonly API_KEY: string;
  startSandbox(options?: RigOptions<Options>): Promise<Sandbox>;
  settingsFor(sandbox: Target, overrides?: Partial<Settings>): Settings;
  providerFor(sandbox: Target, overrides?: Partial<Settings>, deps?: Deps): Provider;
  /** A provider already configured against the sandbox. */
  configuredProvider(sandbox: Target, overrides?: Partial<Settings>, deps?: Deps): Promise<Provider>;
}

function rig<
  Sandbox extends Target,
  Target,
  Options,
  Settings,
  Deps,
  Provider extends { configure(s: AbortSignal): Promise<void> },
>(
  parts: {
    apiKey: string;
    start(options: Options): Promise<Sandbox>;
    settings(sandbox: Target): Settings;
    create(settings: Settings, deps: Deps): Provider;
  },
  defaultDeps: Deps,
): ProviderRig<Sandbox, Target, Options, Settings, Deps, Provider> {
  const settingsFor = (sandbox: Target, overrides: Partial<Settings> = {}): Settings => ({
    ...parts.settings(sandbox),
    ...overrides,
  });
  const providerFor = (sandbox: Target, overrides: Partial<Settings> = {}, deps: Deps = defaultDeps) =>
    parts.create(settingsFor(sandbox, overrides), deps);
  return {
    API_KEY: parts.apiKey,
    startSandbox: (options = {} as RigOptions<Options>) => {
      const { clock, ...rest } = options;
      return parts.start({ ...rest, apiKey: parts.apiKey, ...(clock && { clock: clock.now }) } as Options);
    },
    settingsFor,
    providerFor,
    async configuredProvider(sandbox, overrides, deps) {
      const provider = providerFor(sandbox, overrides, deps);
      await provider.configure(AbortSignal.timeout(5_000));
      return provider;
    },
  };
}

const ENTRY_V1_API_KEY = 'test-api-key-7c41e0b9d2';
const PRESENCE_API_KEY = 'presence-test-key-5f2a91c7e3';
const VIVENU_API_KEY = 'key_live_8d21c0a7e94f';
export const VIVENU_ACCESS_TOKEN = 'acc-tok-5f3a9c2e71d04b';
const PASSCREATOR_API_KEY = 'pc-test-key-5f1e9a7c3b';
const WALLETTHAT_API_KEY = 'wt-test-key-5d9e21c7b04a';

export const entryV1Rig = rig(
  {
    apiKey: ENTRY_V1_API_KEY,
    start: (options: EntryV1SandboxOptions) => startEntryV1Sandbox(options),
    settings: (sandbox: { url: string }): EntryV1SettingsInput => ({
      baseUrl: sandbox.url,
      apiKey: ENTRY_V1_API_KEY,
      dataAccountId: '390',
      venueCode: 'TS',
      serialNumber: 'GP-TEST-0001',
      make: 'Gatepost',
      model: 'Pedestal',
      softwareVersion: 'gatepost 0.1.0',
    }),
    create: (settings: EntryV1SettingsInput, deps: EntryV1ProviderDeps) =>
      new EntryV1Provider(settings, deps),
  },
  {},
);

export const presenceRig = rig(
  {
    apiKey: PRESENCE_API_KEY,
    // The demo fixture's scanning periods are laid out around the sandbox clock's "now".
    start: (options: PresenceSandboxOptions) =>
      startPresenceSandbox({ fixture: presenceDemoFixture(options.clock?.() ?? Date.now()), ...options }),
    settings: (sandbox: { url: string }): PresenceSettingsInput => ({
      baseUrl: `${sandbox.url}/presence/v1`,
      apiKey: PRESENCE_API_KEY,
      venueId: PRESENCE_DEMO_VENUE_ID,
      deviceName: 'Lane 3 kiosk',
      mac: '02:00:5E:00:53:03',
      ip: '10.40.184.153',
      gateName: PRESENCE_DEMO_GATES.entrance.gateName,
      serial: 'GP-TEST-0003',
      model: 'Gatepost kiosk',
    }),
    create: (settings: PresenceSettingsInput, deps: ProviderDeps) => new PresenceProvider(settings, deps),
  },
  {},
);

export const vivenuRig = rig(
  {
    apiKey: VIVENU_API_KEY,
    start: (options: VivenuSandboxOptions) =>
      startVivenuSandbox({ accessToken: VIVENU_ACCESS_TOKEN, ...options }),
    settings: (sandbox: { url: string }): VivenuSettingsInput => ({
      apiBaseUrl: `${sandbox.url}/api`,
      portierBaseUrl: `${sandbox.url}/api`,
      accessToken: VIVENU_ACCESS_TOKEN,
      apiKey: VIVENU_API_KEY,
      eventIds: [DEMO_EVENT_ID],
    }),
    create: (settings: VivenuSettingsInput, deps: ProviderDeps) => new VivenuProvider(settings, deps),
  },
  {},
);
export const passcreatorRig = rig(
  {
    apiKey: PASSCREATOR_API_KEY,
    start: (options: PasscreatorSandboxOptions) => startPasscreatorSandbox(options),
    settings: (sandbox: { url: string }): PasscreatorSettingsInput => ({
      baseUrl: sandbox.url,
      apiKey: PASSCREATOR_API_KEY,
      appConfigurationId: SEED_VOID_CONFIGURATION_ID,
      deviceName: 'Gate 3',
      timeZone: 'UTC',
    }),
    create: (settings: PasscreatorSettingsInput, deps: ProviderDeps) =>
      new PasscreatorProvider(settings, deps),
  },
  {},
);

export const walletthatRig = rig(
  {
    apiKey: WALLETTHAT_API_KEY,
    start: (options: WalletThatSandboxOptions) => startWalletThatSandbox(options),
    settings: (sandbox: { endpointUrl: string }): WalletThatSettingsInput => ({
      endpointUrl: sandbox.endpointUrl,
      apiKey: WALLETTHAT_API_KEY,
      passTemplateId: DEMO_TEMPLATE_ID,
    }),
    create: (settings: WalletThatSettingsInput, deps: ProviderDeps) => new WalletThatProvider(settings, deps),
  },
  {},
);
