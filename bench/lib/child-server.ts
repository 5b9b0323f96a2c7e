// Starts a benchmark server in its own Node process, so load generator and server never share an event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { BenchContext } from './types.ts';

/** Servers announce readiness by printing this line on stdout (see bench/servers/lifeline.ts). */
export const PORT_LINE = /^BENCH_PORT=(\d+)$/;

export interface ChildServer {
  port: number;
  /** Base URL on the loopback interface, e.g. http://127.0.0.1:41234 */
  url: string;
  stop(): Promise<void>;
}

export interface StartServerOptions {
  env?: Record<string, string>;
  /** How long to wait for the port line; the real app compiles TypeScript first. */
  readyTimeoutMs?: number;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

// Last line of defence: if the harness exits abruptly, no server outlives it.
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/** Spawn `node --import tsx <entry>`, wait for its port, and register its cleanup with ctx. */
export async function startServer(ctx: BenchContext, entry: string, options: StartServerOptions = {}): Promise<ChildServer> {
  installExitHook();
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), entry], {
    cwd: ctx.rootDir,
    env: { ...process.env, NODE_ENV: 'production', ...options.env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  live.add(child);
  const stop = (): Promise<void> => stopChild(child);
  ctx.defer(stop);
  try {
    const port = await waitForPort(child, options.readyTimeoutMs ?? 30_000);
    return { port, url: `http://127.0.0.1:${port}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function waitForPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => settle(() => reject(new Error(`server did not print its port within ${timeoutMs} ms`))), timeoutMs);
    if (child.stdout === null) throw new Error('child stdout is not piped');
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = PORT_LINE.exec(line.trim());
      if (match?.[1] !== undefined) settle(() => resolve(Number(match[1])));
      else process.stderr.write(`  [server] ${line}\n`); // keep stdout for the result table
    });
    child.once('error', (error) => settle(() => reject(error)));
    child.once('exit', (code, signal) => settle(() => reject(new Error(`server exited before ready (code ${code}, signal ${signal})`))));
  });
}

// SIGTERM first so the server can close cleanly; SIGKILL if it lingers.
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    live.delete(child);
    return;
  }
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
    live.delete(child);
  }
}
