import type { Messages } from './en';

// French puts a no-break space before a colon (\u00a0 below), so the colon never starts a line.
export const fr: Messages = {
  starting: {
    connecting: 'Connexion…',
  },
  outOfService: {
    title: 'Hors service',
    sub: 'Veuillez utiliser une autre entrée',
    code: 'Code',
    notConfigured: 'Cette entrée n’est pas encore configurée',
    provider: 'Le système de billetterie est injoignable',
    gate: 'Le tourniquet doit être vérifié',
    maintenance: 'Maintenance en cours',
  },
  devices: {
    fault: 'Panne d’appareil',
    disconnected: 'déconnecté',
    faulted: 'en panne',
    connecting: 'connexion',
    freePassage: 'Passage libre\u00a0: tourniquet maintenu ouvert',
    gateOpened: 'Tourniquet débloqué\u00a0: vous pouvez passer',
  },
  admin: {
    title: 'Gatepost — technicien',
    mode: 'Mode',
    online: 'En ligne',
    offline: 'Hors ligne',
    since: 'depuis',
    provider: 'Fournisseur',
    policy: 'Règle hors ligne',
    uploads: 'Scans en attente d’envoi',
    waiting: 'en attente',
    uploaded: 'envoyés',
    reference: 'Données de référence hors ligne',
    events: 'événements',
    tickets: 'billets',
    synced: 'Dernière synchronisation',
    deadLetters: 'Refusés par le serveur',
    failures: 'échecs',
    nextTry: 'prochain essai',
    shed: 'scans refusés\u00a0: trop à la fois',
    devices: 'Appareils',
    recent: 'Derniers scans',
  },
  idle: {
    title: 'Scannez votre billet',
    hint: 'Présentez le code-barres au scanner',
    tap: 'Ou approchez votre téléphone du lecteur',
    language: 'Langue',
  },
  position: {
    below: 'sous l’écran',
    above: 'au-dessus de l’écran',
    left: 'à gauche de l’écran',
    right: 'à droite de l’écran',
  },
  admit: {
    word: 'ENTREZ',
    sub: 'Bienvenue, vous pouvez entrer',
  },
  stop: {
    word: 'STOP',
  },
  seeStaff: {
    word: 'Adressez-vous au personnel',
  },
  seat: {
    level: 'Niveau',
    section: 'Bloc',
    row: 'Rang',
    seat: 'Place',
  },
  banner: {
    offline: 'Hors ligne\u00a0: les billets sont vérifiés sur cet appareil',
    demo: 'DÉMO',
  },
};
