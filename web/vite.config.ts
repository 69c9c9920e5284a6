import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The config lives in web/ but `npm run build:web` runs from the repo root, so every path
// is anchored to this file rather than to the current directory.
const webRoot = fileURLToPath(new URL('.', import.meta.url));
// Port 3000 is the default server; WEIXI_API_URL points the dev proxy at another one.
const apiTarget = process.env.WEIXI_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // antd alone is ~1 MB before gzip; the per-route chunks are what we keep small.
    chunkSizeWarningLimit: 1500,
  },
  server: { proxy: { '/api': { target: apiTarget } } },
  preview: { proxy: { '/api': { target: apiTarget } } },
});
