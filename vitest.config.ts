import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/renderer/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          exclude: ['tests/integration/nfc-pcscd/**'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        // One real pcscd and fixed vpcd ports: these files run one at a time, after the other projects.
        test: {
          name: 'nfc-pcscd',
          include: ['tests/integration/nfc-pcscd/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        // Builds the .deb and installs it (and the setup script) into throwaway Debian roots: minutes, root.
        test: {
          name: 'packaging',
          include: ['tests/packaging/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
