import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SKIP = new Set(['node_modules', 'dist', '.vite', 'coverage']);

/** Newest mtime (ms) of any file below `dir`, skipping build output and dependencies. */
export function newestMtime(dir) {
  let newest = 0;
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (SKIP.has(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (e.isFile()) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** 'missing', 'stale' or 'fresh': whether apps/web/dist is older than its sources (incl. packages/shared). */
export function webBuildState() {
  const distIndex = path.join(ROOT, 'apps/web/dist/index.html');
  if (!fs.existsSync(distIndex)) return 'missing';
  const builtAt = fs.statSync(distIndex).mtimeMs;
  const sourcesAt = Math.max(newestMtime(path.join(ROOT, 'apps/web')), newestMtime(path.join(ROOT, 'packages/shared')));
  return builtAt >= sourcesAt ? 'fresh' : 'stale';
}

/** Builds the web app when needed; returns null on success or the reason it failed. */
export function ensureWebBuilt(log = console.log) {
  const state = webBuildState();
  if (state === 'fresh') return null;
  log(state === 'missing' ? 'web app: no build yet, building…' : 'web app: sources changed since the last build, rebuilding…');
  const t0 = Date.now();
  const res = spawnSync('npm', ['run', 'build', '-w', 'apps/web'], { cwd: ROOT, stdio: 'inherit' });
  if (res.error) return `web build could not start: ${res.error.message}`;
  if (res.status !== 0) return `web build failed (npm run build -w apps/web → ${res.signal ?? res.status})`;
  log(`web app built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return null;
}
