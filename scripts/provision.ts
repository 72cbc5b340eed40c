/**
 * Provisioning codes for Gatepost kiosks.
 *
 *   npm run provision -- keygen [--out DIR]
 *       Makes an Ed25519 key pair: provisioning-private.pem (0600, keep it off the kiosks) and
 *       provisioning-key.pem (the public key: put it in each new kiosk's data dir before its first start,
 *       or point GATEPOST_PROVISIONING_KEY_FILE at it).
 *
 *   npm run provision -- qr <config file> [--key provisioning-private.pem] [--out DIR] [--expires-days N]
 *       Checks the configuration like the kiosk would, signs it, prints the QR code to the terminal and
 *       writes <name>.png and <name>.svg. The code carries the configuration's secrets: see the README.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import { checkConfig, ConfigError, parseConfigText } from '../electron/core/config/load-config.js';
import { describeProblem } from '../electron/core/config/config-problems.js';
import {
  keyIdOf,
  QR_MAX_CHARS,
  signProvisioningCode,
} from '../electron/core/provisioning/provisioning-code.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string', default: '.' },
    key: { type: 'string', default: 'provisioning-private.pem' },
    'expires-days': { type: 'string' },
  },
});

function fail(message: string): never {
  process.stderr.write(`provision: ${message}\n`);
  process.exit(1);
}

const [command, file] = positionals;
const out = resolve(values.out);

if (command === 'keygen') {
  mkdirSync(out, { recursive: true });
  const privateFile = join(out, 'provisioning-private.pem');
  if (existsSync(privateFile)) fail(`${privateFile} exists; not overwriting a signing key`);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(privateFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(join(out, 'provisioning-key.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
  process.stdout.write(
    `key id ${keyIdOf(publicKey)}\n${privateFile} (secret: keep it off the kiosks)\n` +
      `${join(out, 'provisioning-key.pem')} (copy into each new kiosk's data dir before its first start)\n`,
  );
} else if (command === 'qr' && file) {
  let raw: unknown;
  try {
    raw = parseConfigText(readFileSync(file, 'utf8'), file);
  } catch (err) {
    fail(err instanceof ConfigError ? err.message : `${file}: ${(err as Error).message}`);
  }
  const checked = checkConfig(raw);
  if (!checked.ok) fail(checked.problems.map((p) => describeProblem(file, p)).join('\n'));
  let key;
  try {
    key = createPrivateKey(readFileSync(values.key, 'utf8'));
  } catch {
    fail(`${values.key}: not a PEM private key (make one with: npm run provision -- keygen)`);
  }
  const now = Date.now();
  const days = values['expires-days'] === undefined ? undefined : Number(values['expires-days']);
  const code = signProvisioningCode(raw, key, {
    issuedAt: now,
    ...(days !== undefined && Number.isFinite(days) && { expiresAt: now + days * 86_400_000 }),
  });
  if (code.length > QR_MAX_CHARS)
    fail(
      `the signed configuration is ${code.length} characters; a QR code holds ${QR_MAX_CHARS}. Leave out defaults.`,
    );
  mkdirSync(out, { recursive: true });
  const name = basename(file).replace(/\.json$/i, '');
  const png = join(out, `${name}.png`);
  const svg = join(out, `${name}.svg`);
  await QRCode.toFile(png, code, { errorCorrectionLevel: 'L', margin: 4, scale: 6 });
  // The images hold credentials: readable by this user only.
  chmodSync(png, 0o600);
  writeFileSync(svg, await QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'L', margin: 4 }), {
    mode: 0o600,
  });
  process.stdout.write(
    await QRCode.toString(code, { type: 'terminal', small: true, errorCorrectionLevel: 'L' }),
  );
  process.stdout.write(
    `\n${code.length} characters, signed by key ${keyIdOf(createPublicKey(key))}` +
      `${days !== undefined ? `, expires in ${days} days` : ''}\n${png}\n${svg}\n` +
      "This code contains the configuration's secrets: print it only for the kiosks it is for, and destroy it after.\n",
  );
} else {
  fail(
    'usage: npm run provision -- keygen [--out DIR] | qr <config file> [--key FILE] [--out DIR] [--expires-days N]',
  );
}
