// Product workload: Lighthouse 12.2.3 (pinned: 13 needs Node 22) on Debian's Chromium against the
// built web app served by the real server — the login page, the window desk (办事窗口, signed in
// as tianshan-window through the session cookie) and the public star board (亮星榜). Desktop
// settings (the desk is a workstation), performance and accessibility categories; also the login
// page's first-load JavaScript, gzipped, from Lighthouse's own network records.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import type { BenchContext, Figures, Workload } from '../lib/types.ts';
import { BENCH_PASSWORD, login, startLingyan } from './request-intake.ts';
import { CHROMIUM_ARGS, chromiumExecutable } from '../../scripts/lib/chromium.mjs';

const PAGES = [
  { key: 'login', path: '/login', as: null },
  { key: 'desk', path: '/service-desk', as: 'tianshan-window' },
  { key: 'board', path: '/public/star-board', as: null },
] as const;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Chromium with a remote-debugging port Lighthouse attaches to (no chrome-launcher download logic). */
async function launchChromium(ctx: BenchContext): Promise<number> {
  const port = await freePort();
  const profile = fs.mkdtempSync(path.join(ctx.tmpDir, 'chromium-'));
  const child = spawn(chromiumExecutable(), [...CHROMIUM_ARGS, `--user-data-dir=${profile}`, `--remote-debugging-port=${port}`, 'about:blank'], {
    stdio: 'ignore',
  });
  const kill = () => void child.kill('SIGKILL');
  process.once('exit', kill);
  ctx.defer(async () => {
    process.off('exit', kill);
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 500));
      kill();
    }
  });
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/json/version`);
      if (res.ok) return port;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('Chromium did not open its debugging port');
}

/** The gzip size of a built file: its precompressed twin when the build wrote one. */
function gzipSize(file: string): number {
  return fs.existsSync(`${file}.gz`) ? fs.statSync(`${file}.gz`).size : zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
}

export const lighthouseWorkload: Workload = {
  name: 'lighthouse',
  description:
    'Lighthouse 12.2.3 (desktop settings: simulated throttling, 1× CPU) on /usr/bin/chromium against the built web app and the real server: ' +
    'performance and accessibility scores of the login page, the window desk (signed in as tianshan-window) and the public star board; ' +
    "and the login page's first-load JavaScript in gzipped KB (the JS files it fetched, at their built .gz size).",
  target: [
    ...PAGES.flatMap(({ key }) => [
      { figure: `${key}Performance`, op: '>=' as const, value: 90 },
      { figure: `${key}Accessibility`, op: '>=' as const, value: 95 },
    ]),
    { figure: 'loginJsGzKb', op: '<=', value: 300 },
  ],
  timeoutMs: 6 * 60_000,
  async run(ctx) {
    const dist = path.join(ctx.rootDir, 'apps/web/dist');
    // The scores are of the current source: build it, unless told the dist/ there is current.
    if (process.env.LINGYAN_BENCH_WEB_BUILT !== '1' || !fs.existsSync(path.join(dist, 'index.html'))) {
      ctx.log('lighthouse: building the web app');
      const build = spawnSync('npm', ['run', 'build', '-w', 'apps/web'], { cwd: ctx.rootDir, stdio: ['ignore', 'ignore', 'inherit'] });
      if (build.status !== 0) throw new Error('npm run build -w apps/web failed');
    }
    const server = await startLingyan(ctx, path.join(ctx.tmpDir, 'data'), BENCH_PASSWORD);
    const port = await launchChromium(ctx);
    const figures: Figures = {};
    for (const page of PAGES) {
      const headers = page.as ? { Cookie: (await login(server, page.as)).cookie } : undefined;
      const result = await lighthouse(
        `${server.url}${page.path}`,
        { port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'], extraHeaders: headers },
        desktopConfig,
      );
      const lhr = result?.lhr;
      if (!lhr) throw new Error(`lighthouse gave no result for ${page.path}`);
      if (lhr.runtimeError) throw new Error(`lighthouse on ${page.path}: ${lhr.runtimeError.message}`);
      if (page.as && !new URL(lhr.finalDisplayedUrl).pathname.startsWith(page.path))
        throw new Error(`${page.path} ended on ${lhr.finalDisplayedUrl}: not signed in`);
      figures[`${page.key}Performance`] = Math.round((lhr.categories.performance?.score ?? 0) * 100);
      figures[`${page.key}Accessibility`] = Math.round((lhr.categories.accessibility?.score ?? 0) * 100);
      const failing = Object.values(lhr.audits).filter(
        (a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual',
      );
      ctx.log(
        `lighthouse ${page.path}: performance ${figures[`${page.key}Performance`]}, accessibility ${figures[`${page.key}Accessibility`]}; below 0.9: ${failing.map((a) => `${a.id} (${a.displayValue ?? a.score})`).join(', ') || 'none'}`,
      );
      if (page.key === 'login') {
        const items = (lhr.audits['network-requests']?.details as { items?: { url: string; resourceType?: string }[] } | undefined)?.items ?? [];
        const scripts = items.filter((i) => i.resourceType === 'Script').map((i) => path.join(dist, new URL(i.url).pathname));
        figures.loginJsGzKb = Math.round((scripts.reduce((sum, file) => sum + gzipSize(file), 0) / 1024) * 10) / 10;
      }
    }
    return figures;
  },
};
