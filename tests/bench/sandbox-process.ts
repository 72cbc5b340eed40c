/**
 * Runs an Entry V1 sandbox in its own process for benchmarks, so the server's work does not share the
 * kiosk's event loop (in the field the API is on another machine). Prints `SANDBOX_READY <url>`.
 *   tsx tests/bench/sandbox-process.ts <apiKey> <generatedTickets>
 */
import { startEntryV1Sandbox, demoFixture, generateTickets } from '../../electron/sandbox/entry-v1/index.js';

const [apiKey = 'bench-key', count = '0'] = process.argv.slice(2);
const fixture = demoFixture();
const sandbox = await startEntryV1Sandbox({
  apiKey,
  ...fixture,
  tickets: [...fixture.tickets, ...generateTickets(Number(count))],
});
process.stdout.write(`SANDBOX_READY ${sandbox.url}\n`);
process.on('SIGTERM', () => void sandbox.close().then(() => process.exit(0)));
