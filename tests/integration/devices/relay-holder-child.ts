/**
 * Child process for the crash fail-safe test: opens the LCUS relay on argv[2], starts a GateController
 * (exit handler on), holds channel 1 on through a long pulse, prints ON, then either waits to be killed
 * (`hold`) or throws an uncaught exception (`throw`).
 */
import { LcusRelay } from '../../../native/relay/lcus-relay.js';
import { NodeSerialTransport } from '../../../native/transport/node-serial-transport.js';
import { GateController } from '../../../electron/core/devices/gate-controller.js';

const [path, mode] = process.argv.slice(2);
if (!path || (mode !== 'hold' && mode !== 'throw'))
  throw new Error('usage: relay-holder-child <path> hold|throw');

const relay = new LcusRelay(new NodeSerialTransport({ path, baudRate: 9600 }), {
  channels: 2,
  statusQuery: true,
});
const gate = new GateController(relay, {
  kind: 'lcus-serial',
  entryChannel: 1,
  exitChannel: 2,
  pulseMs: 30_000,
});
await gate.start();
// The first attempt may lose a status reply on a loaded machine; the controller retries by itself.
for (let waited = 0; gate.health().state !== 'connected'; waited += 50) {
  if (waited > 10_000) throw new Error(`gate not connected: ${JSON.stringify(gate.health())}`);
  await new Promise((r) => setTimeout(r, 50));
}
void gate.open('entry', 'crash-test');
// Wait until the relay reports channel 1 on, then tell the parent.
for (;;) {
  const state = await relay.set(1, true);
  if (state.onChannels?.includes(1)) break;
}
process.stdout.write('ON\n');
if (mode === 'throw') {
  setTimeout(() => {
    throw new Error('simulated crash');
  }, 50);
}
setInterval(() => {}, 1000);
