import type { Messages } from './en';

export const es: Messages = {
  starting: {
    connecting: 'Conectando…',
  },
  outOfService: {
    title: 'Fuera de servicio',
    sub: 'Por favor, use otra entrada',
    code: 'Código',
    notConfigured: 'Esta entrada aún no está configurada',
    provider: 'No se puede conectar con el sistema de entradas',
    gate: 'El torniquete necesita revisión',
    maintenance: 'Mantenimiento en curso',
  },
  devices: {
    fault: 'Fallo de dispositivo',
    disconnected: 'desconectado',
    faulted: 'averiado',
    connecting: 'conectando',
    freePassage: 'Paso libre: torniquete abierto',
    gateOpened: 'Torniquete liberado: puede pasar',
  },
  admin: {
    title: 'Gatepost — técnico',
    mode: 'Modo',
    online: 'En línea',
    offline: 'Sin conexión',
    since: 'desde',
    provider: 'Proveedor',
    policy: 'Regla sin conexión',
    uploads: 'Escaneos pendientes de envío',
    waiting: 'pendientes',
    uploaded: 'enviados',
    reference: 'Datos de referencia sin conexión',
    events: 'eventos',
    tickets: 'entradas',
    synced: 'Última sincronización',
    deadLetters: 'Rechazados por el servidor',
    failures: 'fallos',
    nextTry: 'próximo intento',
    shed: 'escaneos rechazados: demasiados a la vez',
    devices: 'Dispositivos',
    recent: 'Últimos escaneos',
  },
  idle: {
    title: 'Escanee su entrada',
    hint: 'Acerque el código de barras al escáner',
    tap: 'O acerque su móvil al lector',
    language: 'Idioma',
  },
  position: {
    below: 'debajo de la pantalla',
    above: 'encima de la pantalla',
    left: 'a la izquierda de la pantalla',
    right: 'a la derecha de la pantalla',
  },
  admit: {
    word: 'PASE',
    sub: 'Adelante, puede entrar',
  },
  stop: {
    word: 'ALTO',
  },
  seeStaff: {
    word: 'Diríjase al personal',
  },
  seat: {
    level: 'Nivel',
    section: 'Sector',
    row: 'Fila',
    seat: 'Asiento',
  },
  banner: {
    offline: 'Sin conexión: las entradas se comprueban en este dispositivo',
    demo: 'DEMO',
  },
};
