import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const config = createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs')) as IConfiguration;

/** One file per layer that every rule allows to be imported, so a violation is the import alone. */
const TARGETS: Record<string, string> = {
  'electron/common/contract.ts': 'export const c = 1;\n',
  'electron/core/kiosk.ts': 'export const k = 1;\n',
  'electron/host/boot.ts': 'export const h = 1;\n',
  'electron/sandbox/server.ts': 'export const s = 1;\n',
  'electron/web-shell/server.ts': 'export const w = 1;\n',
  'native/driver.ts': 'export const n = 1;\n',
};

/** One violation per rule: [file, what it imports, why it must fail]. */
const VIOLATIONS: [string, string, string][] = [
  ['electron/common/v-core.ts', "import { k } from '../core/kiosk';", 'common imports core'],
  ['electron/common/v-node.ts', "import { readFileSync } from 'node:fs';", 'common imports Node'],
  [
    'electron/common/v-npm.ts',
    "import { WebSocket } from 'ws';",
    'common imports an npm package other than zod',
  ],
  ['electron/common/v-type.ts', "import type { k } from '../core/kiosk';", 'common type-imports core'],
  ['native/v-core.ts', "import { k } from '../electron/core/kiosk';", 'native imports core'],
  [
    'native/v-dynamic.ts',
    "export const m = import('../electron/common/contract');",
    'native imports ours (dynamic)',
  ],
  ['native/v-electron.ts', "import { app } from 'electron';", 'native imports electron'],
  ['electron/core/v-host.ts', "import { h } from '../host/boot';", 'core imports host'],
  [
    'electron/core/v-sandbox.ts',
    "export const m = import('../sandbox/server');",
    'core imports a sandbox (dynamic)',
  ],
  ['electron/core/v-shell.ts', "export { w } from '../web-shell/server';", 'core re-exports a shell'],
  ['electron/core/v-electron.ts', "import { app } from 'electron';", 'core imports electron'],
  ['electron/sandbox/v-core.ts', "import { k } from '../core/kiosk';", 'sandbox imports core'],
  ['electron/host/v-shell.ts', "import { w } from '../web-shell/server';", 'host imports a shell'],
  ['electron/host/v-electron.ts', "import { app } from 'electron';", 'host imports electron'],
  ['electron/web-shell/v-core.ts', "import { k } from '../core/kiosk';", 'web shell bypasses host'],
  ['electron/web-shell/v-electron.ts', "import { app } from 'electron';", 'web shell imports electron'],
  ['electron/electron-main/v-core.ts', "import { k } from '../core/kiosk';", 'electron main bypasses host'],
  ['electron/preload/v-host.ts', "import { h } from '../host/boot';", 'preload imports host'],
  ['renderer/src/v-core.ts', "import { k } from '../../electron/core/kiosk';", 'renderer imports core'],
  ['renderer/src/v-node.ts', "import { readFileSync } from 'node:fs';", 'renderer imports Node'],
  ['renderer/src/v-electron.ts', "import { ipcRenderer } from 'electron';", 'renderer imports electron'],
  ['electron/core/v-missing.ts', "import { x } from './does-not-exist';", 'an unresolvable import'],
];

/** What each layer may do; none of these may be reported. */
const ALLOWED: [string, string][] = [
  ['electron/common/ok.ts', "import { z } from 'zod';\nimport { c } from './contract';"],
  ['native/ok.ts', "import { readFileSync } from 'node:fs';\nimport { n } from './driver';"],
  [
    'electron/core/ok.ts',
    "import { c } from '../common/contract';\nimport { n } from '../../native/driver';\nimport pino from 'pino';",
  ],
  [
    'electron/host/ok.ts',
    "import { k } from '../core/kiosk';\nexport const m = import('../sandbox/server');",
  ],
  [
    'electron/web-shell/ok.ts',
    "import { h } from '../host/boot';\nimport { c } from '../common/contract';\nimport { WebSocket } from 'ws';",
  ],
  ['electron/electron-main/ok.ts', "import { app } from 'electron';\nimport { h } from '../host/boot';"],
  [
    'electron/preload/ok.ts',
    "import { contextBridge } from 'electron';\nimport { c } from '../common/contract';",
  ],
  [
    'renderer/src/ok.ts',
    "import { c } from '../../electron/common/contract';\nimport { useState } from 'react';",
  ],
];

let base: string;
let result: ICruiseResult;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'gatepost-layers-'));
  const files = {
    ...TARGETS,
    ...Object.fromEntries([...VIOLATIONS, ...ALLOWED].map(([f, src]) => [f, `${src}\n`])),
  };
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(join(base, dirname(file)), { recursive: true });
    writeFileSync(join(base, file), source);
  }
  symlinkSync(join(ROOT, 'node_modules'), join(base, 'node_modules'), 'dir');
  const { tsConfig: _projectTsConfig, ...options } = config.options ?? {};
  const cwd = process.cwd();
  process.chdir(base); // dependency-cruiser reports paths relative to the working directory
  try {
    const reported = await cruise(['electron', 'native', 'renderer'], {
      ...options,
      ruleSet: {
        allowed: config.allowed,
        allowedSeverity: config.allowedSeverity,
        forbidden: config.forbidden,
      },
      validate: true,
    });
    result = reported.output as ICruiseResult;
  } finally {
    process.chdir(cwd);
  }
}, 30_000);

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('layer rules (.dependency-cruiser.cjs)', () => {
  it.each(VIOLATIONS)('catches %s (%s: %s)', (file) => {
    const caught = result.summary.violations.filter((v) => v.from === file);
    expect(caught.length, `violations reported from ${file}`).toBeGreaterThan(0);
  });

  it('reports nothing for what each layer may import', () => {
    const reported = result.summary.violations.map((v) => v.from);
    expect(reported.filter((f) => ALLOWED.some(([ok]) => ok === f) || f in TARGETS)).toEqual([]);
  });

  it('the project itself keeps to its layers', async () => {
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
      const reported = await cruise(['electron', 'native', 'renderer', 'tests', 'scripts'], {
        ...config.options,
        ruleSet: {
          allowed: config.allowed,
          allowedSeverity: config.allowedSeverity,
          forbidden: config.forbidden,
        },
        validate: true,
      });
      const violations = (reported.output as ICruiseResult).summary.violations;
      expect(violations.map((v) => `${v.from} → ${v.to} (${v.rule.name})`)).toEqual([]);
    } finally {
      process.chdir(cwd);
    }
  }, 30_000);
});
