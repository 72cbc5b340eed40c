/** English strings; the source of truth for which keys exist. */
export const en = {
  starting: {
    connecting: 'Connecting…',
  },
  outOfService: {
    title: 'Out of service',
    sub: 'Please use another gate',
    code: 'Code',
    notConfigured: 'This gate is not set up yet',
    provider: 'The ticket system cannot be reached',
    gate: 'The turnstile needs attention',
    maintenance: 'Maintenance in progress',
  },
  devices: {
    fault: 'Device fault',
    disconnected: 'disconnected',
    faulted: 'fault',
    connecting: 'connecting',
    freePassage: 'Free passage — gate held open',
    gateOpened: 'Turnstile released — please walk through',
  },
  admin: {
    title: 'Gatepost — technician',
    mode: 'Mode',
    online: 'Online',
    offline: 'Offline',
    since: 'since',
    provider: 'Provider',
    policy: 'Offline policy',
    uploads: 'Scans waiting for upload',
    waiting: 'waiting',
    uploaded: 'uploaded',
    reference: 'Offline reference data',
    events: 'events',
    tickets: 'tickets',
    synced: 'Last synced',
    deadLetters: 'Refused by the server',
    failures: 'failures',
    nextTry: 'next try',
    shed: 'scans refused: too many at once',
    devices: 'Devices',
    recent: 'Latest scans',
  },
  idle: {
    title: 'Scan your ticket',
    hint: 'Hold the barcode to the scanner',
    tap: 'Or tap your phone on the reader',
    language: 'Language',
  },
  position: {
    below: 'below the screen',
    above: 'above the screen',
    left: 'left of the screen',
    right: 'right of the screen',
  },
  admit: {
    word: 'ADMIT',
    sub: 'Welcome — please enter',
  },
  stop: {
    word: 'STOP',
  },
  seeStaff: {
    word: 'Please see staff',
  },
  seat: {
    level: 'Level',
    section: 'Section',
    row: 'Row',
    seat: 'Seat',
  },
  banner: {
    offline: 'Offline — tickets are checked on this device',
    demo: 'DEMO',
  },
} as const;

/** The shape every translation must have: the same keys as English, any strings. */
export type Messages = { readonly [G in keyof typeof en]: { readonly [K in keyof (typeof en)[G]]: string } };
