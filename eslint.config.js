import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Layering (which folder may import which) is enforced by dependency-cruiser's allowlists in
// .dependency-cruiser.cjs (`npm run lint:layers`), which also sees dynamic import() and type-only imports.
// ESLint keeps the language-level rules: no DOM globals in Node code, browser globals in the renderer.
export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['.dependency-cruiser.cjs', 'scripts/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['electron/**/*.ts', 'native/**/*.ts'],
    ignores: ['electron/preload/**'],
    rules: { 'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage'] },
  },
  {
    // On Node 20 a time-out inside AbortSignal.any() is lost after a garbage collection and never fires
    // (a kiosk hung at start-up); electron/core/timeout-signal.ts has time limits that do fire.
    files: ['electron/**/*.ts', 'native/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='AbortSignal'][callee.property.name='timeout']",
          message:
            'AbortSignal.timeout() can be lost to GC inside AbortSignal.any() on Node 20: use timeLimit/withTimeLimit from electron/core/timeout-signal.ts',
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
