/**
 * Runs one provider's sandbox (through its demo kit) in its own process for benchmarks, so the server's
 * work does not share the kiosk's event loop (in the field the API is on another machine).
 *   tsx tests/bench/sandbox-process.ts <kind> <extraTickets>
 * Prints one line: `SANDBOX_READY <json {url, controlToken, settings, tokens, extraTokens}>`.
 */
import { demoKits } from '../../electron/sandbox/demo-kits.js';

const [kind = 'entry-v1', count = '0'] = process.argv.slice(2);
const kit = demoKits[kind];
if (!kit) throw new Error(`unknown kind ${kind}`);
const started = await kit.start({ extraTickets: Number(count) });
const { sandbox, settings, tokens, extraTokens } = started;
const { url, controlToken } = sandbox;
process.stdout.write(
  `SANDBOX_READY ${JSON.stringify({ url, controlToken, settings, tokens, extraTokens })}\n`,
);
process.on('SIGTERM', () => void started.sandbox.close().then(() => process.exit(0)));
