import { connect } from 'node:net';

/** pcsc-lite's client socket (PCSCLITE_CSOCK_NAME overrides it, as libpcsclite itself does). */
export function pcscdSocketPath(): string {
  return process.env.PCSCLITE_CSOCK_NAME ?? '/run/pcscd/pcscd.comm';
}

/**
 * Whether pcscd answers on its socket. A connect, not a file check: pcscd killed hard leaves the socket
 * file behind, and nfc-pcsc would spin at 100 % CPU against it.
 */
export function probePcscd(path = pcscdSocketPath(), timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path);
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}
