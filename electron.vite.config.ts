import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Two main-process entries: the Electron shell, and the web shell, which runs under plain Node and must
// never import `electron` (the layer rules enforce it), and the NFC reader process. Native and server
// dependencies stay external.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          'electron-main': resolve(__dirname, 'electron/electron-main/main.ts'),
          'web-shell': resolve(__dirname, 'electron/web-shell/main.ts'),
          // The NFC reader process (nfc-pcsc in a child process, so a dead pcscd cannot freeze the kiosk).
          'pcsc-worker': resolve(__dirname, 'native/nfc/pcsc-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { preload: resolve(__dirname, 'electron/preload/preload.ts') },
        // A sandboxed preload must be a single CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    base: './',
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
  },
});
