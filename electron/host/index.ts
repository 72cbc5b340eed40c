/**
 * What the shells use of the kiosk: the composition root, the event bridge, and the types they pass
 * around. Shells import this layer only (never core directly), so a shell stays a thin host.
 */
export { bootKiosk, type BootedKiosk, type HostOptions } from './boot.js';
export { clockFromEnv, CLOCK_OFFSET_ENV, type OffsetClock } from './test-clock.js';
export { KioskRuntime, type RpcDispatcher, type RuntimeOptions } from './kiosk-runtime.js';
export { electronCipher, type SafeStorageLike } from '../core/secrets/secret-cipher.js';
export { keyFileCipher } from './secrets-setup.js';
export { bridgeEvents, type SendEvent } from './event-bridge.js';
export { defaultDataDir } from '../core/config/load-config.js';
export type { Logger } from '../core/logger.js';
export type { RpcRouter } from '../core/rpc/rpc-router.js';
