/**
 * A stand-in for the kiosk process in the main-loop test: runs an NfcScanSource, measures its own event
 * loop with perf_hooks.monitorEventLoopDelay, and answers the test over IPC. Killed by the test on
 * failure (and exits by itself when the test process goes).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { SourceRig } from '../../support/nfc-rig.js';

type Command = { cmd: 'reset' } | { cmd: 'report' } | { cmd: 'stop' };

const rig = new SourceRig({ uidAsToken: true }, { backoffMinMs: 100, backoffMaxMs: 1000 });
const histogram = monitorEventLoopDelay({ resolution: 1 });
histogram.enable();

rig.source.onHealth((health) => process.send?.({ type: 'health', health }));
await rig.start(false);
let reported = 0;
setInterval(() => {
  while (reported < rig.events.length) process.send?.({ type: 'event', event: rig.events[reported++] });
}, 20);

process.on('message', (raw: unknown) => {
  const msg = raw as Command;
  if (msg.cmd === 'reset') {
    histogram.reset();
    process.send?.({ type: 'reset' });
  } else if (msg.cmd === 'report') {
    const ms = (ns: number) => ns / 1e6;
    process.send?.({
      type: 'report',
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
      count: histogram.count,
    });
  } else if (msg.cmd === 'stop') {
    void rig.stop().then(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
