/**
 * `npm run nfc -- decrypt-vas --key <pem file> --pass-type-id <id> --cryptogram <hex> [--freshness <s>]`
 *
 * For techs and QA: checks a venue's Apple VAS key against a captured read with the kiosk's own code
 * (loadP256PrivateKey + decryptVasCryptogram). Prints one JSON line on success; on failure one line on
 * stderr and exit code 1 (2 for a usage error). Never prints the key.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fromHex, NfcFormatError } from '../bytes.js';
import { loadP256PrivateKey } from '../keys.js';
import { decryptVasCryptogram } from '../vas/vas-crypto.js';

const USAGE =
  'usage: npm run nfc -- decrypt-vas --key <pem file> --pass-type-id <id> --cryptogram <hex> [--freshness <seconds>]';

class UsageError extends Error {}

function decryptVas(args: string[]): string {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        key: { type: 'string' },
        'pass-type-id': { type: 'string' },
        cryptogram: { type: 'string' },
        freshness: { type: 'string', default: '0' },
      },
      strict: true,
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : 'bad arguments');
  }
  const { key, 'pass-type-id': passTypeId, cryptogram, freshness } = values;
  if (!key || !passTypeId || !cryptogram)
    throw new UsageError('--key, --pass-type-id and --cryptogram are required');
  const freshnessSeconds = Number(freshness);
  if (!Number.isInteger(freshnessSeconds) || freshnessSeconds < 0)
    throw new UsageError('--freshness must be a whole number of seconds');
  let pem: string;
  try {
    pem = readFileSync(key, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the key file ${key} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const privateKey = loadP256PrivateKey(pem);
  let bytes: Buffer;
  try {
    bytes = fromHex(cryptogram);
  } catch {
    throw new Error('--cryptogram is not hex');
  }
  const result = decryptVasCryptogram({
    cryptogram: bytes,
    passTypeId,
    keys: [privateKey],
    nowMs: Date.now(),
    freshnessSeconds,
  });
  if (!result.ok) throw new Error(`${result.failure}: ${result.reason}`);
  return JSON.stringify({
    keyId: result.keyId,
    timestamp: result.timestamp.toISOString(),
    value: result.value,
  });
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  try {
    if (command === 'decrypt-vas') {
      process.stdout.write(decryptVas(rest) + '\n');
      return 0;
    }
    if (command === undefined || command === 'help' || command === '--help') {
      process.stdout.write(USAGE + '\n');
      return command === undefined ? 2 : 0;
    }
    throw new UsageError(`unknown command "${command}"`);
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    if (err instanceof UsageError) {
      process.stderr.write(`nfc: ${message}\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`nfc: ${err instanceof NfcFormatError ? `key: ${message}` : message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
