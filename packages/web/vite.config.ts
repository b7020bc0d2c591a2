import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** Where the dev server forwards `/api` (REST and the live websocket); override with PHEDDS_API. */
const apiTarget = process.env.PHEDDS_API ?? 'http://127.0.0.1:7007';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The strict CSP forbids inline scripts and eval; keep every asset a separate file.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: {
      '/api': { target: apiTarget, ws: true, changeOrigin: false },
    },
  },
});
