import { t } from '../i18n/i18n';

export type FieldKind = 'text' | 'number' | 'secret' | 'select' | 'bool' | 'list' | 'json';

export interface Field {
  /** Dotted config path, also the element's `data-path` (tests and the core's field errors use it). */
  path: string;
  label: string;
  kind: FieldKind;
  options?: readonly string[];
  /** May be left empty (the schema's default, or not used). */
  optional?: boolean;
}

export const PROVIDER_KINDS = ['entry-v1', 'presence', 'vivenu', 'passcreator', 'walletthat'] as const;

/** Settings every kiosk has (labels translated). */
export function generalFields(): Field[] {
  return [
    { path: 'deviceName', label: t('admin.fDeviceName'), kind: 'text' },
    { path: 'direction', label: t('admin.fDirection'), kind: 'select', options: ['entry', 'exit'] },
    { path: 'decisionBudgetMs', label: t('admin.fBudget'), kind: 'number' },
    { path: 'resultHoldMs', label: t('admin.fResultHold'), kind: 'number' },
    {
      path: 'offline.policy',
      label: t('admin.fPolicy'),
      kind: 'select',
      options: ['admit-if-locally-valid', 'admit-known-tickets-only', 'stop-all'],
    },
    { path: 'sounds', label: t('admin.fSounds'), kind: 'bool' },
    {
      path: 'display.language',
      label: t('admin.fLanguage'),
      kind: 'select',
      options: ['en', 'de', 'es', 'fr'],
    },
    {
      path: 'display.orientation',
      label: t('admin.fOrientation'),
      kind: 'select',
      options: ['auto', 'portrait', 'landscape'],
    },
  ];
}

/** Device assignment: the relay by fields, the scanners as the config's JSON list (see README Hardware). */
export function deviceFields(): Field[] {
  return [
    {
      path: 'devices.gate.kind',
      label: t('admin.fGateKind'),
      kind: 'select',
      options: ['none', 'sim', 'lcus-serial', 'dcttech-hid'],
    },
    { path: 'devices.gate.path', label: t('admin.fGatePath'), kind: 'text', optional: true },
    { path: 'devices.gate.entryChannel', label: t('admin.fEntryChannel'), kind: 'number', optional: true },
    { path: 'devices.gate.exitChannel', label: t('admin.fExitChannel'), kind: 'number', optional: true },
    { path: 'devices.gate.pulseMs', label: t('admin.fPulse'), kind: 'number', optional: true },
    { path: 'devices.scanners', label: t('admin.fScanners'), kind: 'json', optional: true },
  ];
}

const p = (key: string) => `provider.${key}`;

/**
 * Each provider's settings as docs/providers/<kind>.md names them (labels are the settings' own names,
 * so a tech can match them with the provider's documentation). Advanced keys (paths, page sizes) stay as
 * they are in the file; they are not on this screen.
 */
export const PROVIDER_FIELDS: Record<(typeof PROVIDER_KINDS)[number], Field[]> = {
  'entry-v1': [
    { path: p('baseUrl'), label: 'API base URL', kind: 'text' },
    { path: p('apiKey'), label: 'API key', kind: 'secret' },
    { path: p('dataAccountId'), label: 'Data account ID', kind: 'text' },
    { path: p('venueCode'), label: 'Venue code', kind: 'text' },
    { path: p('serialNumber'), label: 'Serial number', kind: 'text' },
    { path: p('make'), label: 'Make', kind: 'text' },
    { path: p('model'), label: 'Model', kind: 'text' },
    { path: p('scanMode'), label: 'Scan mode', kind: 'select', options: ['Entry', 'Exit'], optional: true },
  ],
  presence: [
    { path: p('baseUrl'), label: 'API base URL', kind: 'text', optional: true },
    { path: p('apiKey'), label: 'API key', kind: 'secret' },
    { path: p('venueId'), label: 'Venue ID', kind: 'text' },
    { path: p('deviceName'), label: 'Device name (TM1 Entry)', kind: 'text' },
    { path: p('mac'), label: 'MAC address', kind: 'text' },
    { path: p('ip'), label: 'IP address', kind: 'text' },
    { path: p('gateName'), label: 'Gate name', kind: 'text' },
    { path: p('serial'), label: 'Serial', kind: 'text' },
    { path: p('model'), label: 'Model', kind: 'text', optional: true },
    {
      path: p('gateMode'),
      label: 'Gate mode',
      kind: 'select',
      options: ['entry', 'exit', 'internal'],
      optional: true,
    },
  ],
  vivenu: [
    { path: p('apiBaseUrl'), label: 'API base URL', kind: 'text', optional: true },
    { path: p('portierBaseUrl'), label: 'Portier base URL', kind: 'text', optional: true },
    { path: p('accessToken'), label: 'Access user token', kind: 'secret' },
    { path: p('apiKey'), label: 'Seller API key (optional)', kind: 'secret', optional: true },
    { path: p('eventIds'), label: 'Event IDs (comma separated)', kind: 'list' },
    { path: p('deviceId'), label: 'Device ID', kind: 'text', optional: true },
  ],
  passcreator: [
    { path: p('baseUrl'), label: 'API base URL', kind: 'text', optional: true },
    { path: p('apiKey'), label: 'API key', kind: 'secret' },
    { path: p('appConfigurationId'), label: 'App configuration (event) ID', kind: 'text' },
    { path: p('deviceName'), label: 'Device name', kind: 'text', optional: true },
    {
      path: p('passLookup'),
      label: 'Pass lookup',
      kind: 'select',
      options: ['checkbyid', 'uid', 'uid-then-checkbyid'],
      optional: true,
    },
    { path: p('timeZone'), label: 'Time zone (IANA)', kind: 'text', optional: true },
  ],
  walletthat: [
    { path: p('endpointUrl'), label: 'Endpoint URL', kind: 'text', optional: true },
    { path: p('apiKey'), label: 'API key', kind: 'secret' },
    { path: p('passTemplateId'), label: 'Pass template ID', kind: 'text', optional: true },
  ],
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function getPath(obj: Record<string, unknown>, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) cur = isRecord(cur) ? cur[part] : undefined;
  return cur;
}

/** Sets (or, with undefined, removes) a value, creating the objects on the way. */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  const last = parts.pop()!;
  let cur = obj;
  for (const part of parts) {
    // Removing a value under a block that is not there: nothing to do (no empty block appears).
    if (!isRecord(cur[part])) {
      if (value === undefined) return;
      cur[part] = {};
    }
    cur = cur[part] as Record<string, unknown>;
  }
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}

/** The form's text for a field's current value. */
export function toFormValue(field: Field, value: unknown): string | boolean {
  switch (field.kind) {
    case 'bool':
      return value === true;
    case 'secret':
      return '';
    case 'list':
      return Array.isArray(value) ? value.join(', ') : '';
    case 'json':
      return value === undefined ? '' : JSON.stringify(value, null, 1);
    default:
      return value === undefined || value === null ? '' : String(value);
  }
}

/** The config value for a field's form text; `undefined` leaves the key out (default / unset). */
export function fromFormValue(field: Field, form: string | boolean, current: unknown): unknown {
  if (field.kind === 'bool') return form === true;
  const text = String(form);
  switch (field.kind) {
    case 'secret':
      // Untouched: the masked value goes back and the core keeps the stored secret.
      return text === '' ? current : text;
    case 'number':
      return text.trim() === '' ? undefined : Number(text);
    case 'list':
      return text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    case 'json':
      return text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
    default:
      return text.trim() === '' ? undefined : text.trim();
  }
}
