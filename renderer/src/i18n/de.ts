import type { Messages } from './en';

export const de: Messages = {
  starting: {
    connecting: 'Verbindung wird hergestellt…',
  },
  outOfService: {
    title: 'Außer Betrieb',
    sub: 'Bitte einen anderen Eingang benutzen',
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
    recent: 'Letzte Scans',
    faults: 'Störungen des Kiosks',
  },
  idle: {
    title: 'Ticket scannen oder Smartphone auflegen',
    hint: 'Barcode unter den Scanner halten',
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
