// How the server process is started, in one place: `npm start`, the benchmarks and the browser
// tests all run the same command, with the same memory ceiling.
import path from 'node:path';

/** The V8 heap ceiling (MiB) unless LINGYAN_HEAP_MB says otherwise: keeps the server's resident memory under 512 MB through a 200,000-row import. */
export const DEFAULT_HEAP_MB = 384;

/** Node's arguments for running the server from the repository at `root`. */
export function serverArgs(root, env = process.env) {
  const heap = Number(env.LINGYAN_HEAP_MB) > 0 ? Math.floor(Number(env.LINGYAN_HEAP_MB)) : DEFAULT_HEAP_MB;
  return [`--max-old-space-size=${heap}`, '--import', 'tsx', path.join(root, 'apps/server/src/main.ts')];
}
