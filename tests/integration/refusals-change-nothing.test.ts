/**
 * Issue 7: a refused scan changes nothing on the server beyond what the API's document requires for
 * recording a refusal. For each provider, a STOP (online, and in an offline upload where the provider takes
 * uploads) leaves the ticket or pass as the sandbox held it before; an admit next to it shows the same
 * check would have seen a change. docs/providers/side-effects.md lists every state-changing call.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { OfflineScanRecord, ProviderDecision } from '../../electron/core/providers/provider.js';
import { DEMO_LIVE_EVENT_ID, DEMO_TOKENS as ENTRY } from '../../electron/sandbox/entry-v1/index.js';
import { DEMO_TOKENS as PASSES, LOUNGE_CONFIGURATION_ID } from '../../electron/sandbox/passcreator/index.js';
import { PRESENCE_DEMO_TOKENS as PRESENCE } from '../../electron/sandbox/presence/index.js';
import { DEMO_EVENT_ID as VIVENU_EVENT, DEMO_TOKENS as VIVENU } from '../../electron/sandbox/vivenu/index.js';
import { DEMO_PASS_IDS as WALLET } from '../../electron/sandbox/walletthat/index.js';
import { TestClock, contextWith, recordingTransport, scanOf } from './support/provider-harness.js';
import {
  entryV1Rig,
  passcreatorRig,
  presenceRig,
  vivenuRig,
  walletthatRig,
} from './support/provider-rigs.js';

interface StatefulSandbox {
  ticketState(token: string): unknown;
  close(): Promise<void>;
}

let open: StatefulSandbox[] = [];
afterEach(async () => {
  await Promise.all(open.map((s) => s.close()));
  open = [];
});
function track<S extends StatefulSandbox>(sandbox: S): S {
  open.push(sandbox);
  return sandbox;
}

/** The ticket's server state after `act` is what it was before. */
async function unchangedBy(sandbox: StatefulSandbox, token: string, act: () => Promise<void>): Promise<void> {
  const before = sandbox.ticketState(token);
  expect(before).toBeDefined();
  await act();
  expect(sandbox.ticketState(token)).toEqual(before);
}

/** `decide` refuses (STOP or see staff) and leaves the ticket's server state as it was. */
function refusedAndUnchanged(
  sandbox: StatefulSandbox,
  token: string,
  decide: () => Promise<ProviderDecision>,
): Promise<void> {
  return unchangedBy(sandbox, token, async () => {
    expect((await decide()).outcome).not.toBe('admit');
  });
}

function offlineRecord(token: string, outcome: OfflineScanRecord['outcome'], extra = {}): OfflineScanRecord {
  const scan = scanOf(token);
  return {
    scanId: scan.scanId,
    token,
    inputType: 'Barcode',
    scannedAt: scan.receivedAt,
    outcome,
    direction: 'entry',
    ...extra,
  };
}

const signal = () => AbortSignal.timeout(5_000);

describe('Entry V1: a STOP leaves the ticket as it was', () => {
  it('online: voided, outside its window, already inside', async () => {
    const sandbox = track(await entryV1Rig.startSandbox());
    const provider = entryV1Rig.providerFor(sandbox);
    await provider.configure(signal());
    for (const token of [ENTRY.voided, ENTRY.outsideWindow]) {
      await refusedAndUnchanged(sandbox, token, () => provider.validate(scanOf(token), contextWith()));
    }
    const [t1] = ENTRY.valid;
    expect((await provider.validate(scanOf(t1), contextWith())).outcome).toBe('admit');
    expect(sandbox.ticketState(t1)).toEqual({ voided: false, inside: true });
    await refusedAndUnchanged(sandbox, t1, () => provider.validate(scanOf(t1), contextWith()));
    // The server keeps its refusal in the ticket's history, as the document's scan history shows: a Stop.
    expect(sandbox.tickets.lookup(t1)?.history.map((h) => h.status)).toEqual(['Admit', 'Stop']);
  });

  it('offline upload: a Stop scan is recorded as Stop and moves nothing; an Admit moves the ticket', async () => {
    const sandbox = track(await entryV1Rig.startSandbox());
    const provider = entryV1Rig.providerFor(sandbox);
    await provider.configure(signal());
    const [, t2, t3] = ENTRY.valid;
    const event = { eventId: DEMO_LIVE_EVENT_ID };
    await unchangedBy(sandbox, t2, async () => {
      const result = await provider.uploadOffline([offlineRecord(t2, 'stop', event)], signal());
      expect(result.accepted).toHaveLength(1);
    });
    await provider.uploadOffline([offlineRecord(t3, 'admit', event)], signal());
    expect(sandbox.ticketState(t3)).toEqual({ voided: false, inside: true });
  });
});

describe('Presence: a STOP leaves the ticket as it was', () => {
  it('online: invalid ticket, re-entry, exit never entered', async () => {
    const clock = new TestClock();
    const sandbox = track(await presenceRig.startSandbox({ clock }));
    const entry = await presenceRig.configuredProvider(sandbox);
    await refusedAndUnchanged(sandbox, PRESENCE.invalid, () =>
      entry.validate(scanOf(PRESENCE.invalid, { clock }), contextWith()),
    );
    const [t1, t2] = PRESENCE.valid;
    expect((await entry.validate(scanOf(t1, { clock }), contextWith())).outcome).toBe('admit');
    clock.advance(3_000); // past the 2 s DUPLICATE window: a real re-entry attempt
    await refusedAndUnchanged(sandbox, t1, () => entry.validate(scanOf(t1, { clock }), contextWith()));
    const exit = await presenceRig.configuredProvider(sandbox, { gateMode: 'exit' });
    await refusedAndUnchanged(sandbox, t2, () => exit.validate(scanOf(t2, { clock }), contextWith()));
  });

  it('offline upload: a refused scan is not sent (Presence counts every uploaded scan as an entry)', async () => {
    const clock = new TestClock();
    const sandbox = track(await presenceRig.startSandbox({ clock }));
    const provider = await presenceRig.configuredProvider(sandbox);
    const [, t2, t3] = PRESENCE.valid;
    await unchangedBy(sandbox, t2, async () => {
      const refused = offlineRecord(t2, 'stop', { scannedAt: clock.ms });
      expect(await provider.uploadOffline([refused], signal())).toEqual({
        accepted: [refused.scanId],
        rejected: [],
      });
    });
    expect(sandbox.offlineScans()).toEqual([]);
    await provider.uploadOffline([offlineRecord(t3, 'admit', { scannedAt: clock.ms })], signal());
    expect(sandbox.ticketState(t3)).toMatchObject({ external: 'entered' });
  });
});

describe('vivenu: a STOP leaves the ticket as it was', () => {
  it('online: invalid, details required, already checked in', async () => {
    const sandbox = track(await vivenuRig.startSandbox());
    const provider = vivenuRig.providerFor(sandbox);
    for (const token of [VIVENU.invalid, VIVENU.detailsRequired, VIVENU.alreadyCheckedIn]) {
      await refusedAndUnchanged(sandbox, token, () => provider.validate(scanOf(token), contextWith()));
    }
    const [t1] = VIVENU.valid;
    expect((await provider.validate(scanOf(t1), contextWith())).outcome).toBe('admit');
    await refusedAndUnchanged(sandbox, t1, () => provider.validate(scanOf(t1), contextWith()));
    // vivenu's own records of the two scans: one approved check-in, one declined; nothing from the kiosk.
    expect(
      sandbox
        .scans()
        .filter((s) => s.barcode === t1)
        .map((s) => s.scanResult),
    ).toEqual(['approved', 'declined']);
    expect(sandbox.state.recordRequests).toBe(0);
  });

  it('offline upload: a FAIL scan moves nothing; an OK scan checks the ticket in', async () => {
    const sandbox = track(await vivenuRig.startSandbox());
    const provider = vivenuRig.providerFor(sandbox);
    const [, t2, t3] = VIVENU.valid;
    const event = { eventId: VIVENU_EVENT };
    await unchangedBy(sandbox, t2, async () => {
      expect(
        (await provider.uploadOffline([offlineRecord(t2, 'stop', event)], signal())).accepted,
      ).toHaveLength(1);
    });
    await provider.uploadOffline([offlineRecord(t3, 'admit', event)], signal());
    expect(sandbox.ticketState(t3)).toEqual({ status: 'VALID', checkedIn: true });
  });
});

describe('Passcreator: a STOP leaves the pass as it was (void-mode configurations)', () => {
  it("online: a pass of a template the configuration does not validate is not voided (issue 7's coupon)", async () => {
    const sandbox = track(await passcreatorRig.startSandbox());
    const { transport, requests } = recordingTransport();
    const lounge = await passcreatorRig.configuredProvider(
      sandbox,
      { appConfigurationId: LOUNGE_CONFIGURATION_ID },
      { transport },
    );
    const [t1] = PASSES.valid;
    await refusedAndUnchanged(sandbox, t1, () => lounge.validate(scanOf(t1), contextWith()));
    const appScan = requests.find((r) => r.method === 'POST');
    expect(appScan?.json).toMatchObject({ scanStatus: 3, setVoided: false });
  });

  it('online: the re-scan of a pass this door voided is recorded as "already voided" without setVoided', async () => {
    const sandbox = track(await passcreatorRig.startSandbox());
    const provider = await passcreatorRig.configuredProvider(sandbox);
    const [, t2] = PASSES.valid;
    expect((await provider.validate(scanOf(t2), contextWith())).outcome).toBe('admit');
    expect(sandbox.ticketState(t2)).toEqual({ voided: true, attendance: 0 });
    await refusedAndUnchanged(sandbox, t2, () => provider.validate(scanOf(t2), contextWith()));
    expect(sandbox.appScans().map((s) => [s.scanStatus, s.setVoided])).toEqual([
      [0, true],
      [1, false],
    ]);
  });

  it('offline upload: a refused scan is recorded without setVoided and leaves the pass valid', async () => {
    const sandbox = track(await passcreatorRig.startSandbox());
    const provider = await passcreatorRig.configuredProvider(sandbox);
    const [, , t3] = PASSES.valid;
    await unchangedBy(sandbox, t3, async () => {
      expect((await provider.uploadOffline([offlineRecord(t3, 'stop')], signal())).accepted).toHaveLength(1);
    });
    expect(sandbox.appScans()).toMatchObject([{ scanStatus: 1, setVoided: false }]);
  });
});

describe('WalletThat: a STOP leaves the pass as it was', () => {
  it('online: redeemed, voided and expired passes are read, never updated', async () => {
    const sandbox = track(await walletthatRig.startSandbox());
    const provider = await walletthatRig.configuredProvider(sandbox);
    for (const passId of [WALLET.redeemed, WALLET.voided, WALLET.expired]) {
      await refusedAndUnchanged(sandbox, passId, () => provider.validate(scanOf(passId), contextWith()));
    }
    expect(sandbox.state.updatePassData).toBe(0);
    // Only an admit's afterAdmit redeems.
    const [p1] = WALLET.valid;
    const scan = scanOf(p1);
    await provider.afterAdmit(scan, await provider.validate(scan, contextWith()), signal());
    expect(sandbox.ticketState(p1)).toEqual({ status: 'redeemed' });
  });
});
