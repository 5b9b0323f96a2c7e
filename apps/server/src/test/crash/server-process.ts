// The real server (apps/server/src/main.ts) as a child process that can be SIGKILLed and restarted on the same data.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const SERVER_DIR = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = path.join(SERVER_DIR, 'src/main.ts');
const READY = /Lingyan listening on (http:\/\/\S+)/;

/**
 * main.ts bundled once by esbuild (the same source tsx would run): a restart then costs one file
 * to load instead of compiling ~400 modules, which is what keeps 20 restarts short. Dependencies
 * stay external and resolve from apps/server, where the bundle is written.
 */
export async function bundleServer(): Promise<string> {
  fs.mkdirSync(path.join(SERVER_DIR, '.tmp'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(SERVER_DIR, '.tmp', 'crash-'));
  const outfile = path.join(dir, 'main.mjs');
  await esbuild.build({
    entryPoints: [MAIN],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'warning',
    plugins: [
      {
        name: 'external-packages',
        setup(build) {
          // Workspace packages are TypeScript and JSON needs no import attribute once bundled.
          build.onResolve({ filter: /^[^./]/ }, (a) =>
            a.path.startsWith('@lingyan/') || a.path.endsWith('.json') ? undefined : { path: a.path, external: true },
          );
        },
      },
    ],
  });
  return outfile;
}

export function removeBundle(file: string): void {
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export type ServerOptions = {
  /** A bundle from bundleServer(), or null to run main.ts through tsx. */
  bundle: string | null;
  dataDir: string;
  databaseUrl: string | null;
  port: number;
  password: string;
  log?: (line: string) => void;
};

export type Child = { pid: number; url: string; child: ChildProcess; output: string[]; exited: Promise<{ code: number | null; signal: string | null }> };

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

/** Starts the server and resolves once it prints its listening line (it migrates, recovers and seeds first). */
export async function startServer(o: ServerOptions, timeoutMs = 180_000): Promise<Child> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('VITEST') || k === 'NODE_ENV' || k === 'TEST') delete env[k];
  Object.assign(env, {
    LINGYAN_DATA_DIR: o.dataDir,
    PORT: String(o.port),
    HOST: '127.0.0.1',
    LINGYAN_DEMO_PASSWORD: o.password,
    LINGYAN_WEB_DIST: path.join(o.dataDir, 'no-web'),
    LOG_LEVEL: 'warn',
    NO_COLOR: '1',
  });
  if (o.databaseUrl) env.DATABASE_URL = o.databaseUrl;
  else delete env.DATABASE_URL;
  const args = o.bundle ? [o.bundle] : ['--import', 'tsx', MAIN];
  const child = spawn(process.execPath, ['--max-old-space-size=384', ...args], { cwd: SERVER_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    }),
  );
  const output: string[] = [];
  return new Promise<Child>((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => finish(new Error(`server not ready within ${timeoutMs} ms`)), timeoutMs);
    const finish = (err: Error | null, url?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) {
        child.kill('SIGKILL');
        reject(new Error(`${err.message}\n${output.slice(-40).join('\n')}`));
      } else resolve({ pid: child.pid!, url: url!, child, output, exited });
    };
    for (const stream of [child.stdout!, child.stderr!]) {
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          output.push(line);
          if (output.length > 500) output.shift();
          o.log?.(line);
          const m = READY.exec(line);
          if (m) finish(null, m[1]!);
        }
      });
    }
    void exited.then(({ code, signal }) => finish(new Error(`server exited before ready (${signal ?? code})`)));
  });
}

/** SIGKILL: no shutdown hook runs, as when the power goes. */
export async function killServer(c: Child): Promise<void> {
  c.child.kill('SIGKILL');
  await c.exited;
}

/** SIGTERM (a clean stop), SIGKILL after 10 s. */
export async function stopServer(c: Child): Promise<void> {
  if (c.child.exitCode !== null || c.child.signalCode !== null) return;
  c.child.kill('SIGTERM');
  const t = setTimeout(() => c.child.kill('SIGKILL'), 10_000);
  await c.exited;
  clearTimeout(t);
}
