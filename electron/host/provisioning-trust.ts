import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdminStore, TrustRow } from '../core/admin/admin-store.js';
import type { Logger } from '../core/logger.js';
import { keyIdOf } from '../core/provisioning/provisioning-code.js';

/** `$GATEPOST_PROVISIONING_KEY_FILE`, else `provisioning-key.pem` in the data dir. */
export function provisioningKeyFile(dataDir: string, env: NodeJS.ProcessEnv): string {
  return env.GATEPOST_PROVISIONING_KEY_FILE || join(dataDir, 'provisioning-key.pem');
}

/**
 * Pins the provisioning public key on first start (the first start at which a key file is there, as the
 * installer or the venue's tech puts it): from then on the kiosk trusts that key only, and a different
 * key file is ignored with a warning — swapping the file cannot make the kiosk accept another signer.
 */
export function pinProvisioningKey(
  store: AdminStore,
  file: string,
  now: number,
  logger: Logger,
): TrustRow | undefined {
  const pinned = store.trust();
  if (!existsSync(file)) return pinned;
  let key: KeyObject;
  try {
    key = createPublicKey(readFileSync(file, 'utf8'));
  } catch {
    logger.warn({ file }, 'provisioning key file is not a PEM public key; ignored');
    return pinned;
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    logger.warn({ file, type: key.asymmetricKeyType }, 'provisioning key must be Ed25519; ignored');
    return pinned;
  }
  const keyId = keyIdOf(key);
  if (pinned) {
    if (pinned.keyId !== keyId)
      logger.warn(
        { file, keyId, pinned: pinned.keyId },
        'provisioning key file differs from the key trusted at first start; ignored',
      );
    return pinned;
  }
  const row = {
    publicKey: key.export({ type: 'spki', format: 'pem' }).toString(),
    keyId,
    source: file,
    pinnedAt: now,
  };
  store.setTrust(row);
  logger.info({ keyId, file }, 'provisioning key trusted (first start)');
  return row;
}

export function trustedKey(store: AdminStore): KeyObject | undefined {
  const row = store.trust();
  return row ? createPublicKey(row.publicKey) : undefined;
}
