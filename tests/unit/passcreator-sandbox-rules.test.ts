import { describe, expect, it } from 'vitest';
import { PassStore } from '../../electron/sandbox/passcreator/pass-store.js';
import { ScanStore } from '../../electron/sandbox/passcreator/scan-store.js';
import {
  demoFixture,
  DEMO_TOKENS,
  finalScanStatus,
  generatedToken,
  generatePasses,
  type SandboxPass,
} from '../../electron/sandbox/passcreator/index.js';
import { passcreatorDemoKit } from '../../electron/sandbox/passcreator/demo-kit.js';
import { PasscreatorSettings } from '../../electron/core/providers/passcreator/settings.js';

const [attendanceConfig, voidConfig] = demoFixture().configurations;
const fresh = (): SandboxPass => ({ ...demoFixture().passes[0]! });

describe('Passcreator sandbox scan rules', () => {
  it('void mode voids once; the next claimed admission is "already voided"', () => {
    const pass = fresh();
    expect(finalScanStatus(voidConfig!, pass, 0, true)).toBe(0);
    expect(pass.voided).toBe(true);
    expect(finalScanStatus(voidConfig!, pass, 0, true)).toBe(1);
  });

  it('setVoided defaults to the configuration scan mode', () => {
    const a = fresh();
    expect(finalScanStatus(voidConfig!, a, 0, undefined)).toBe(0);
    const b = fresh();
    expect(finalScanStatus(attendanceConfig!, b, 2, undefined)).toBe(2);
    expect(b).toMatchObject({ voided: false, attendance: 1 });
  });

  it('a reported denial is recorded as sent and changes nothing', () => {
    const pass = fresh();
    expect(finalScanStatus(voidConfig!, pass, 1, false)).toBe(1);
    expect(finalScanStatus(voidConfig!, pass, 3, false)).toBe(3);
    expect(pass).toMatchObject({ voided: false, attendance: 0 });
  });

  it('setVoided: true voids the pass even on a reported denial, as the document defines it', () => {
    const pass = fresh();
    expect(finalScanStatus(voidConfig!, pass, 3, true)).toBe(3);
    expect(pass).toMatchObject({ voided: true, attendance: 0 });
  });

  it('no pass is always 3', () => {
    expect(finalScanStatus(voidConfig!, undefined, 0, true)).toBe(3);
  });
});

describe('Passcreator sandbox stores', () => {
  it('finds a pass by generated or user-provided ID and resets voids', () => {
    const fixture = demoFixture();
    const store = new PassStore(fixture.passes);
    const p3 = store.findById(DEMO_TOKENS.valid[2]);
    expect(store.findById(DEMO_TOKENS.userProvidedId)).toBe(p3);
    store.setVoided(p3!.uid, true);
    const voided = new Set(fixture.passes.filter((p) => p.voided).map((p) => p.uid));
    store.reset(voided);
    expect(p3!.voided).toBe(false);
    expect(store.findById(DEMO_TOKENS.voided)!.voided).toBe(true);
  });

  it('ScanStore dedupes by configuration + pass + createdOn + device, and lists by createdOn', () => {
    const store = new ScanStore(true);
    const scan = {
      appConfigurationId: 'c',
      passUid: 'p',
      scanStatus: 0,
      createdOn: '2025-01-01 10:00:01',
      scannedBarcodeValue: 'b',
      deviceName: 'Gate 1',
      additionalProperties: {},
    };
    store.add(scan);
    expect(store.duplicateOf(scan)).toBeDefined();
    expect(store.duplicateOf({ ...scan, deviceName: 'Gate 2' })).toBeUndefined();
    expect(store.duplicateOf({ ...scan, createdOn: '2025-01-01 10:00:02' })).toBeUndefined();
    store.add({ ...scan, createdOn: '2025-01-01 09:00:00' });
    expect(store.list().map((s) => s.createdOn)).toEqual(['2025-01-01 09:00:00', '2025-01-01 10:00:01']);
    expect(store.list({ createdSince: '2025-01-01 10:00' })).toHaveLength(1);
    expect(new ScanStore(false).duplicateOf(scan)).toBeUndefined();
  });

  it('generates 20,000 unique benchmark passes quickly', () => {
    const start = performance.now();
    const passes = generatePasses(20_000);
    const store = new PassStore(passes);
    expect(performance.now() - start).toBeLessThan(2_000);
    expect(store.size).toBe(20_000);
    expect(new Set(passes.map((p) => p.uid)).size).toBe(20_000);
    expect(store.findById(generatedToken(19_999))!.voided).toBe(false);
  });
});

describe('Passcreator demo kit', () => {
  it('starts the sandbox with valid settings and tokens, plus extra tickets', async () => {
    const kit = await passcreatorDemoKit.start({ extraTickets: 3 });
    try {
      expect(PasscreatorSettings.safeParse(kit.settings).success).toBe(true);
      expect(kit.tokens.valid).toHaveLength(3);
      expect(kit.extraTokens).toEqual([generatedToken(0), generatedToken(1), generatedToken(2)]);
      expect(kit.sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await kit.sandbox.close();
    }
  });
});
