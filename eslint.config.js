import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Layering, enforced (VS Code's code-layering idea, by folder):
//   electron/common   — the contract: zod only; no Node, no DOM, no electron
//   electron/core     — Node, no electron, no DOM; the only importer of native/
//   electron/sandbox  — Node test/demo servers; no electron
//   electron/web-shell — Node; no electron
//   electron/electron-main, electron/preload — the only places `electron` may be imported
//   renderer          — DOM; imports only the shared contract
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'net', 'crypto'];
// `regex`, not a glob group: the project's own `electron/` folder must stay importable by relative path.
const noElectron = { regex: '^electron(/.*)?$', message: 'Only electron-main and preload import electron.' };
const noNative = { group: ['**/native/**'], message: 'Only the core imports native/ drivers.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['electron/common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noElectron,
            { group: nodeBuiltins, message: 'The contract is shared with the renderer.' },
            { group: ['../*', '!./*'], message: 'The contract depends on nothing else in the app.' },
            noNative,
          ],
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noElectron,
            {
              group: ['**/renderer/**', '**/web-shell/**', '**/electron-main/**', '**/preload/**'],
              message: 'The core does not depend on its hosts.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage'],
    },
  },
  {
    // native/ drivers and simulators stand alone: no project imports, never electron (they define the few
    // types they need themselves; the core adapts them).
    files: ['native/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noElectron,
            {
              group: ['**/electron/**', '**/renderer/**', '**/tests/**'],
              message: 'native/ imports nothing of ours.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/sandbox/**/*.ts', 'electron/web-shell/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noNative] }] },
  },
  {
    files: ['electron/electron-main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noNative] }] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noElectron,
            noNative,
            { group: nodeBuiltins, message: 'The renderer never touches Node.' },
            {
              group: [
                '**/electron/core/**',
                '**/electron/web-shell/**',
                '**/electron/sandbox/**',
                '**/electron/electron-main/**',
                '**/electron/preload/**',
              ],
              message: 'The renderer imports only the shared contract (electron/common).',
            },
          ],
        },
      ],
    },
  },
);
