/**
 * One provider's sandbox in its own process, for the chaos suite: the API's work never shares an event
 * loop with the suite's own (a burst case handles 10,000 decisions in the runner; a sandbox slowed by that
 * would look like a slow provider to the kiosk). In the field the API is another machine anyway.
 *
 *   node --import tsx tests/chaos/sandbox-host.ts <kind> <tickets>
 *
 * Prints `SANDBOX_READY {url, settings, extraTokens}`, then answers JSON lines on stdin:
 * `{"id": n, "op": "uploads"}` → `{"id": n, "tokens": [...]}` (the server's offline-upload records).
 * Exits when stdin closes (its parent is gone) or on SIGTERM.
 */
import { createInterface } from 'node:readline';
import { CHAOS_PROVIDERS, startSandbox } from './chaos-providers.js';

const [kind = 'entry-v1', tickets = '0'] = process.argv.slice(2);
const provider = CHAOS_PROVIDERS[kind];
if (!provider) throw new Error(`unknown provider ${kind}`);
const kit = await startSandbox(kind, Number(tickets));
const { sandbox } = kit;
process.stdout.write(
  `SANDBOX_READY ${JSON.stringify({ url: sandbox.url, settings: kit.settings, extraTokens: kit.extraTokens })}\n`,
);
const stop = () => void sandbox.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
createInterface({ input: process.stdin })
  .on('line', (line) => {
    const request = JSON.parse(line) as { id: number; op: string };
    if (request.op === 'uploads')
      process.stdout.write(
        `${JSON.stringify({ id: request.id, tokens: provider.uploadedTokens(sandbox) })}\n`,
      );
  })
  .on('close', stop);
