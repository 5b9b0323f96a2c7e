import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server serves dist/ at `/` (SPA fallback to index.html); in development Vite proxies the API.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd and echarts are big by nature; they load with the pages that use them, not with the login page.
    chunkSizeWarningLimit: 1200,
  },
});
