import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { messagesPerLocale } from './messages-plugin.ts';

/**
 * Writes `.br` and `.gz` beside every text asset of the build, so the server can send them
 * as they are (@fastify/static `preCompressed`) instead of compressing on each request.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'lingyan-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
          const full = path.join(dir, entry.name);
          return entry.isDirectory() ? walk(full) : [full];
        });
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json)$/.test(file)) continue;
        const content = fs.readFileSync(file);
        if (content.length < 1024) continue;
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(content, { level: 9 }));
      }
    },
  };
}

// The server serves dist/ at `/` (SPA fallback to index.html); in development Vite proxies the
// API to the server of `npm run dev` on :3000, or to $LINGYAN_API_URL.
const apiTarget = process.env.LINGYAN_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react(), messagesPerLocale(), precompress()],
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd and echarts are big by nature; they load with the pages that use them, not with the login page.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      // The shared package's modules only declare things: pages that use its constants and
      // translations must not pull in the zod schemas they never call.
      treeshake: { moduleSideEffects: [{ test: /packages\/shared\/src\//, sideEffects: false }] },
    },
  },
});
