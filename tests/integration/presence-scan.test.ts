import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeHttpTransport } from '../../electron/core/providers/http/node-http-transport.js';
import type { PresenceSettingsInput } from '../../electron/core/providers/presence/index.js';
import { ProviderProtocolError } from '../../electron/core/providers/provider.js';
import {
  PRESENCE_DEMO_GATES,
  PRESENCE_DEMO_LIVE_EVENT_ID,
  PRESENCE_DEMO_TOKENS as T,
  type PresenceSandbox,
} from '../../electron/sandbox/presence/index.js';
import {
  TestClock,
  contextWith,
  recordingTransport,
  rejectionOf,
  scanOf,
} from './support/provider-harness.js';
import { presenceRig } from './support/provider-rigs.js';

const { providerFor, settingsFor, startSandbox } = presenceRig;

const [T1, T2, T3] = T.valid;

describe('Presence online scans', () => {
  let clock: TestClock;
  let sandbox: PresenceSandbox;
  beforeEach(async () => {
    clock = new TestClock();
    sandbox = await startSandbox({ clock });
  });
  afterEach(() => sandbox.close());

  async function configured(overrides: Partial<PresenceSettingsInput> = {}) {
    const provider = providerFor(sandbox, overrides);
    await provider.configure(AbortSignal.timeout(5_000));
    return provider;
  }

  describe('entry lane (ticket/enter)', () => {
    it('admits a valid ticket with its seat and event, sending the documented body', async () => {
      const provider = await configured({ channelId: 'A' });
      const scan = scanOf(T1, { clock, receivedAt: clock.ms - 120 });
      const decision = await provider.validate(scan, contextWith());
      expect(decision).toEqual({
        outcome: 'admit',
        rawStatus: 'OKAY',
        reasonCode: 'OKAY',
        reasonText: 'Welcome',
        seat: { section: 'PIT1', row: '3', seat: '4' },
        eventId: PRESENCE_DEMO_LIVE_EVENT_ID,
      });
      expect(sandbox.lastScan).toEqual({
        kind: 'enter',
        fields: {
          token: T1,
          venueId: settingsFor(sandbox).venueId,
          deviceId: provider.deviceIds?.deviceId,
          gateId: PRESENCE_DEMO_GATES.entrance.gateId,
          gateName: PRESENCE_DEMO_GATES.entrance.gateName,
          deviceOs: 'Printed',
          scanTime: scan.receivedAt,
          channelId: 'A',
        },
      });
      expect(sandbox.tickets.state(T1)?.external).toBe('entered');
    });

    it('the same ticket within 2 s is DUPLICATE (a server re-read); later it is ALREADY_ENTERED', async () => {
      const provider = await configured();
      expect((await provider.validate(scanOf(T1, { clock }), contextWith())).outcome).toBe('admit');
      clock.advance(1_500);
      expect(await provider.validate(scanOf(T1, { clock }), contextWith())).toMatchObject({
        outcome: 'stop',
        rawStatus: 'DUPLICATE',
        reasonCode: 'DUPLICATE',
        serverReread: true,
      });
      clock.advance(1_000);
      const again = await provider.validate(scanOf(T1, { clock }), contextWith());
      expect(again).toMatchObject({
        outcome: 'stop',
        rawStatus: 'ALREADY_ENTERED',
        reasonCode: 'ALREADY_ENTERED',
      });
      expect(again.serverReread).toBeUndefined();
      expect(again.reasonText).toMatch(/already used/);
    });

    it('unknown tokens and tickets outside their event scanning period are NOT_FOUND', async () => {
      const provider = await configured();
      for (const token of [T.unknown, T.pastEvent, T.futureEvent]) {
        expect(await provider.validate(scanOf(token, { clock }), contextWith())).toMatchObject({
          outcome: 'stop',
          rawStatus: 'NOT_FOUND',
        });
      }
    });

    it('cancelled and restricted tickets stop; a marked ticket goes to staff', async () => {
      const provider = await configured();
      const decide = async (token: string) => provider.validate(scanOf(token, { clock }), contextWith());
      expect(await decide(T.invalid)).toMatchObject({ outcome: 'stop', rawStatus: 'INVALID_TICKET' });
      expect(await decide(T.sectionRestricted)).toMatchObject({
        outcome: 'stop',
        rawStatus: 'SECTION_RESTRICTION',
      });
      expect(await decide(T.marked)).toMatchObject({ outcome: 'see-staff', rawStatus: 'MARK_RESTRICTION' });
    });

    it('NFC taps send deviceOs iOS (Apple) or Android (Google)', async () => {
      const provider = await configured();
      await provider.validate(scanOf(T1, { clock, inputType: 'NFC', nfcType: 'Apple' }), contextWith());
      expect(sandbox.lastScan?.fields.deviceOs).toBe('iOS');
      await provider.validate(scanOf(T2, { clock, inputType: 'NFC', nfcType: 'Google' }), contextWith());
      expect(sandbox.lastScan?.fields.deviceOs).toBe('Android');
      expect(sandbox.lastScan?.fields).not.toHaveProperty('channelId');
    });

    it('a request the server calls BAD_REQUEST (HTTP 400) is a see-staff decision', async () => {
      // Corrupt the body on its way out: scanTime in seconds instead of milliseconds.
      const provider = providerFor(
        sandbox,
        {},
        {
          transport: (req) => {
            if (!req.url.includes('/ticket/')) return nodeHttpTransport(req);
            const body = JSON.parse(String(req.body)) as { scanTime: number };
            body.scanTime = Math.floor(body.scanTime / 1000);
            return nodeHttpTransport({ ...req, body: JSON.stringify(body) });
          },
        },
      );
      await provider.configure(AbortSignal.timeout(5_000));
      expect(await provider.validate(scanOf(T1, { clock }), contextWith())).toMatchObject({
        outcome: 'see-staff',
        rawStatus: 'BAD_REQUEST',
      });
      expect(sandbox.tickets.state(T1)?.external).toBe('none');
    });

    it('GENERAL_ERROR is see-staff; a status outside the table is a protocol error, never an admit', async () => {
      const answering = (status: string) => {
        const { transport } = recordingTransport(async (req) =>
          req.url.includes('/ticket/')
            ? { status: 200, text: JSON.stringify({ result: { status, message: 'x' } }) }
            : nodeHttpTransport(req),
        );
        return providerFor(sandbox, {}, { transport });
      };
      const general = answering('GENERAL_ERROR');
      await general.configure(AbortSignal.timeout(5_000));
      expect((await general.validate(scanOf(T1, { clock }), contextWith())).outcome).toBe('see-staff');

      const odd = answering('INTERNAL_SCAN'); // An older doc's status: not in today's table.
      await odd.configure(AbortSignal.timeout(5_000));
      const err = await rejectionOf(odd.validate(scanOf(T1, { clock }), contextWith()));
      expect(err).toBeInstanceOf(ProviderProtocolError);
      expect(err.message).toMatch(/unknown status "INTERNAL_SCAN"/);
    });

    it('a misconfigured path (gateway 404) is a protocol error, not a ticket NOT_FOUND', async () => {
      const provider = await configured({ paths: { enter: '/ticket/enterr' } });
      const err = await rejectionOf(provider.validate(scanOf(T1, { clock }), contextWith()));
      expect(err).toBeInstanceOf(ProviderProtocolError);
      expect((err as ProviderProtocolError).httpStatus).toBe(404);
    });
  });

  describe('exit lane (ticket/exit)', () => {
    it('EXIT admits an entered ticket; a second exit, or one never entered, is EXIT_NOT_PERMITTED', async () => {
      const entry = await configured();
      const exit = await configured({
        mac: '02:00:5E:00:53:04',
        gateName: PRESENCE_DEMO_GATES.exit.gateName,
        gateMode: 'exit',
      });
      await entry.validate(scanOf(T1, { clock }), contextWith());
      clock.advance(3_000);
      expect(await exit.validate(scanOf(T1, { clock }), contextWith())).toMatchObject({
        outcome: 'admit',
        rawStatus: 'EXIT',
        seat: { section: 'PIT1', row: '3', seat: '4' },
      });
      expect(sandbox.lastScan?.kind).toBe('exit');
      clock.advance(3_000);
      expect(await exit.validate(scanOf(T1, { clock }), contextWith())).toMatchObject({
        outcome: 'stop',
        rawStatus: 'EXIT_NOT_PERMITTED',
      });
      expect(await exit.validate(scanOf(T2, { clock }), contextWith())).toMatchObject({
        outcome: 'stop',
        rawStatus: 'EXIT_NOT_PERMITTED',
      });
      // After exiting, the default external rule still refuses a second entry.
      clock.advance(3_000);
      expect((await entry.validate(scanOf(T1, { clock }), contextWith())).rawStatus).toBe('ALREADY_ENTERED');
    });
  });

  describe('internal gates (ticket/validate entries, ticket/exit exits)', () => {
    const vip = PRESENCE_DEMO_GATES.vip;

    it('internal entry, refused re-entry, internal exit, refused second exit', async () => {
      const inLane = await configured({
        mac: '02:00:5E:00:53:10',
        gateName: vip.gateName,
        gateMode: 'internal',
      });
      const outLane = await configured({
        mac: '02:00:5E:00:53:11',
        gateName: vip.gateName,
        gateMode: 'exit',
      });

      expect(await inLane.validate(scanOf(T3, { clock }), contextWith())).toMatchObject({
        outcome: 'admit',
        rawStatus: 'OKAY',
      });
      expect(sandbox.lastScan?.kind).toBe('validate');
      // Not externally entered before: the internal entry also marks it ENTERED.
      expect(sandbox.tickets.state(T3)).toEqual({ external: 'entered', internal: { [vip.gateId]: 'in' } });

      clock.advance(3_000);
      expect(await inLane.validate(scanOf(T3, { clock }), contextWith())).toMatchObject({
        outcome: 'stop',
        rawStatus: 'INTERNAL_SCAN_ALREADY_ENTERED',
      });
      clock.advance(3_000);
      expect(await outLane.validate(scanOf(T3, { clock }), contextWith())).toMatchObject({
        outcome: 'admit',
        rawStatus: 'INTERNAL_SCAN_EXIT',
      });
      clock.advance(3_000);
      expect(await outLane.validate(scanOf(T3, { clock }), contextWith())).toMatchObject({
        outcome: 'stop',
        rawStatus: 'INTERNAL_SCAN_EXIT_NOT_PERMITTED',
      });
      // An internal gate never performs an external exit.
      expect(sandbox.tickets.state(T3)?.external).toBe('entered');
    });

    it('internal entries may go to ticket/enter (validate is deprecated) on an internal gate', async () => {
      const { transport, requests } = recordingTransport();
      const provider = providerFor(
        sandbox,
        { gateName: vip.gateName, gateMode: 'internal', paths: { internalEntry: '/ticket/enter' } },
        { transport },
      );
      await provider.configure(AbortSignal.timeout(5_000));
      expect((await provider.validate(scanOf(T2, { clock }), contextWith())).rawStatus).toBe('OKAY');
      expect(requests.at(-1)?.target.pathname).toBe('/presence/v1/ticket/enter');
      expect(sandbox.tickets.state(T2)?.internal).toEqual({ [vip.gateId]: 'in' });
      clock.advance(3_000);
      expect((await provider.validate(scanOf(T2, { clock }), contextWith())).rawStatus).toBe(
        'INTERNAL_SCAN_ALREADY_ENTERED',
      );
    });
  });
});
