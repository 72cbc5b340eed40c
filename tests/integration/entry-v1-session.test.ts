import { decodeJwt } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProviderUnavailableError } from '../../electron/core/providers/provider.js';
import {
  DEMO_NFC_KEYS,
  startEntryV1Sandbox,
  type EntryV1Sandbox,
} from '../../electron/sandbox/entry-v1/index.js';
import { rawRequest } from './support/provider-harness.js';
import { entryV1Rig } from './support/provider-rigs.js';

const { API_KEY, providerFor } = entryV1Rig;

const sessionBody = {
  venueCode: 'TS',
  dataAccountId: '390',
  serialNumber: 'SN-1',
  make: 'Janam',
  model: 'XT3',
  specialAreaId: '123',
  specialAreaName: 'VIP Entrance',
  specialAreaMaxCapacity: 100,
  specialAreaRequireEntryExit: true,
};

describe('Entry V1 sessions and events', () => {
  let sandbox: EntryV1Sandbox;
  let nowMs: number;

  beforeEach(async () => {
    nowMs = Date.now();
    sandbox = await startEntryV1Sandbox({ apiKey: API_KEY, jwtTtlSeconds: 3_600, clock: () => nowMs });
  });
  afterEach(() => sandbox.close());

  it('configure creates a session and keeps the events', async () => {
    const provider = providerFor(sandbox);
    await provider.configure(AbortSignal.timeout(5_000));
    expect(sandbox.state.sessionsCreated).toBe(1);
    const events = provider.getEvents();
    expect(events.map((e) => e.eventId).sort()).toEqual(['390:DEMO:LIVE', '390:DEMO:PAST']);
    expect(events.find((e) => e.eventId === '390:DEMO:LIVE')?.eventName).toBe('Gatepost Demo Night');
    await provider.ping(AbortSignal.timeout(5_000));
  });

  it('configure fails as unavailable on a wrong API key, without quoting the key', async () => {
    const provider = providerFor(sandbox, { apiKey: 'wrong-key-0000' });
    const err = await provider.configure(AbortSignal.timeout(5_000)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderUnavailableError);
    expect((err as Error).message).not.toContain('wrong-key-0000');
    expect(sandbox.state.unauthorizedSent).toBe(1);
  });

  it('issues an RS256 JWT with the documented claims and exp = iat + ttl', async () => {
    const { status, json } = await rawRequest(sandbox.url + '/v1/session', {
      headers: { 'API-Authorization-Key': API_KEY },
      body: sessionBody,
    });
    expect(status).toBe(201);
    const jwt = (json as { jwt: string }).jwt;
    const claims = decodeJwt(jwt);
    expect(claims).toMatchObject({
      venueCode: 'TS',
      serialNumber: 'SN-1',
      specialAreaId: '123',
      specialAreaName: 'VIP Entrance',
      specialAreaMaxCapacity: 100,
      specialAreaRequireEntryExit: true,
      integratorType: 'FULL',
      dataAccountId: '390',
    });
    for (const claim of ['deviceId', 'deviceName', 'checkpointId', 'checkpointName', 'venueTimezone']) {
      expect(claims[claim], claim).toBeDefined();
    }
    expect(claims.iat).toBe(Math.floor(nowMs / 1000));
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3_600);
    expect(JSON.parse(Buffer.from(jwt.split('.')[0] ?? '', 'base64url').toString()).alg).toBe('RS256');
  });

  it('answers 400 with the documented error shape when required fields are missing', async () => {
    const { status, json } = await rawRequest(sandbox.url + '/v1/session', {
      headers: { 'API-Authorization-Key': API_KEY },
      body: { venueCode: 'TS', make: 7 },
    });
    expect(status).toBe(400);
    expect(json).toEqual({
      error: {
        message: expect.arrayContaining([
          'dataAccountId should not be empty',
          'serialNumber should not be empty',
          'make must be a string',
        ]),
        error: 'Bad Request',
        statusCode: 400,
      },
    });
  });

  it('answers 401 on a missing or wrong API key and 404 for another venue', async () => {
    expect((await rawRequest(sandbox.url + '/v1/session', { body: sessionBody })).status).toBe(401);
    const wrong = await rawRequest(sandbox.url + '/v1/session', {
      headers: { 'API-Authorization-Key': 'nope' },
      body: sessionBody,
    });
    expect(wrong).toEqual({
      status: 401,
      json: { error: { message: ['Unauthorized'], error: 'Unauthorized', statusCode: 401 } },
    });
    const otherVenue = await rawRequest(sandbox.url + '/v1/session', {
      headers: { 'API-Authorization-Key': API_KEY },
      body: { ...sessionBody, venueCode: 'ELSEWHERE' },
    });
    expect(otherVenue.status).toBe(404);
  });

  it('rejects a missing, forged or expired bearer token with 401', async () => {
    const session = await rawRequest(sandbox.url + '/v1/session', {
      headers: { 'API-Authorization-Key': API_KEY },
      body: sessionBody,
    });
    const jwt = (session.json as { jwt: string }).jwt;
    const ping = (token?: string) =>
      rawRequest(sandbox.url + '/v1/ping', { headers: token ? { Authorization: `Bearer ${token}` } : {} });

    expect(await ping(jwt)).toEqual({ status: 200, json: {} });
    expect((await ping()).status).toBe(401);
    const [h, p] = jwt.split('.');
    expect((await ping(`${h}.${p}.AAAA`)).status).toBe(401);
    nowMs += 3_601_000;
    expect((await ping(jwt)).json).toEqual({
      error: { message: ['Unauthorized'], error: 'Unauthorized', statusCode: 401 },
    });
  });

  it('lite sessions get LIMITED tokens that reach events and ticket lookup only', async () => {
    const lite = await rawRequest(sandbox.url + '/v1/session/lite', {
      headers: { 'API-Authorization-Key': API_KEY },
      body: { dataAccountId: '390', serialNumber: 'SN-2', venueCode: 'TS' },
    });
    expect(lite.status).toBe(200);
    const jwt = (lite.json as { jwt: string }).jwt;
    expect(decodeJwt(jwt).integratorType).toBe('LIMITED');
    const auth = { Authorization: `Bearer ${jwt}` };

    const events = await rawRequest(sandbox.url + '/v1/events', { headers: auth });
    expect(events.status).toBe(200);
    expect(events.json).toMatchObject({ nfcKeys: DEMO_NFC_KEYS });
    expect((await rawRequest(sandbox.url + '/v1/tickets/39000000000001', { headers: auth })).status).toBe(
      200,
    );
    const scan = await rawRequest(sandbox.url + '/v1/scan', {
      headers: auth,
      body: { token: '39000000000001', inputType: 'Barcode', scanMode: 'Entry' },
    });
    expect(scan.status).toBe(403);
    expect((await rawRequest(sandbox.url + '/v1/ping', { headers: auth })).status).toBe(403);
    expect(sandbox.state.liteSessionsCreated).toBe(1);
  });

  it('lists venues for the API key', async () => {
    const { status, json } = await rawRequest(sandbox.url + '/v1/venues', {
      headers: { 'API-Authorization-Key': API_KEY },
      body: { dataAccountId: '390', serialNumber: 'SN-1', make: 'Janam', model: 'XT3' },
    });
    expect(status).toBe(200);
    expect(json).toMatchObject({ venues: [{ facilityCode: 'TS', title: 'Sandbox Stadium' }] });
  });
});
