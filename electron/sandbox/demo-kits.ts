import type { DemoKit } from './demo-kit.js';
import { entryV1DemoKit } from './entry-v1/demo-kit.js';
import { presenceDemoKit } from './presence/demo-kit.js';
import { vivenuDemoKit } from './vivenu/demo-kit.js';
import { passcreatorDemoKit } from './passcreator/demo-kit.js';
import { walletthatDemoKit } from './walletthat/demo-kit.js';

/** Every provider's sandbox kit, by provider kind. Demo mode, e2e tests and benchmarks pick from here. */
export const demoKits: Readonly<Record<string, DemoKit>> = {
  'entry-v1': entryV1DemoKit,
  presence: presenceDemoKit,
  vivenu: vivenuDemoKit,
  passcreator: passcreatorDemoKit,
  walletthat: walletthatDemoKit,
};

export const DEMO_KINDS = Object.keys(demoKits);
