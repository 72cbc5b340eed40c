import type { Messages } from './en';

export const de: Messages = {
  starting: {
    connecting: 'Verbindung wird hergestellt…',
  },
  outOfService: {
    title: 'Außer Betrieb',
    sub: 'Bitte einen anderen Eingang benutzen',
    code: 'Code',
    notConfigured: 'Dieser Eingang ist noch nicht eingerichtet',
    provider: 'Das Ticketsystem ist nicht erreichbar',
    gate: 'Das Drehkreuz muss geprüft werden',
    maintenance: 'Wartung läuft',
  },
  devices: {
    fault: 'Gerätestörung',
    disconnected: 'getrennt',
    faulted: 'Störung',
    connecting: 'verbindet',
    freePassage: 'Freier Durchgang — Sperre offen',
    gateOpened: 'Sperre freigegeben — bitte durchgehen',
  },
  admin: {
    title: 'Gatepost — Technik',
    mode: 'Modus',
    online: 'Online',
    offline: 'Offline',
    since: 'seit',
    provider: 'Anbieter',
    policy: 'Offline-Regel',
    uploads: 'Scans warten auf Upload',
    waiting: 'wartend',
    uploaded: 'hochgeladen',
    reference: 'Offline-Referenzdaten',
    events: 'Veranstaltungen',
    tickets: 'Tickets',
    synced: 'Zuletzt abgeglichen',
    deadLetters: 'Vom Server abgelehnt',
    failures: 'Fehlversuche',
    nextTry: 'nächster Versuch',
    shed: 'Scans abgewiesen: zu viele gleichzeitig',
    devices: 'Geräte',
    recent: 'Letzte Scans',
  },
  idle: {
    title: 'Ticket scannen',
    hint: 'Barcode an den Scanner halten',
    tap: 'Oder Smartphone an das Lesegerät halten',
    language: 'Sprache',
  },
  position: {
    below: 'unter dem Bildschirm',
    above: 'über dem Bildschirm',
    left: 'links vom Bildschirm',
    right: 'rechts vom Bildschirm',
  },
  admit: {
    word: 'GÜLTIG',
    sub: 'Willkommen – bitte eintreten',
  },
  stop: {
    word: 'STOPP',
  },
  seeStaff: {
    word: 'Bitte zum Personal',
  },
  seat: {
    level: 'Ebene',
    section: 'Block',
    row: 'Reihe',
    seat: 'Platz',
  },
  banner: {
    offline: 'Offline – Tickets werden auf diesem Gerät geprüft',
    demo: 'DEMO',
  },
};
