// The real Lingyan server as a child process, one fresh data directory per start.
//
// Contract with apps/server/src/main.ts: it honours LINGYAN_DATA_DIR, PORT (and HOST),
// LINGYAN_DEMO_PASSWORD, and prints `Lingyan listening on http://127.0.0.1:PORT` once it
// accepts requests. The URL is taken from that line, not from the port we asked for.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEMO_PASSWORD = 'Lingyan-Demo-2026!';
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXIT_WITH_PARENT = fileURLToPath(new URL('./exit-with-parent.ts', import.meta.url));
const READY_LINE = /Lingyan listening on (https?:\/\/[^\s"'\\,]+)/;

export interface StartServerOptions {
  /** Extra environment for the server; wins over the defaults below. */
  env?: Record<string, string | undefined>;
  /** Reuse a data directory (e.g. to restart on the same data). Default: a fresh temp dir. */
  dataDir?: string;
  /** Keep the data directory after stop(). Default: false for a dir we created, true otherwise. */
  keepDataDir?: boolean;
  /** How long to wait for the "listening" line. Default 90 s ($LINGYAN_E2E_SERVER_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Server entry point, relative to the repo root. */
  entry?: string;
  /** Echo the server's output to this process's stderr ($LINGYAN_E2E_SERVER_LOG=1). */
  echo?: boolean;
}

export interface RunningServer {
  /** Base URL without trailing slash, e.g. http://127.0.0.1:43121 */
  url: string;
  port: number;
  dataDir: string;
  pid: number;
  /** Everything the server printed so far (stdout and stderr, last ~2000 lines). */
  output(): string;
  /** SIGTERM the process group, SIGKILL after 10 s, then remove the data dir. Safe to call twice. */
  stop(): Promise<void>;
}

const liveGroups = new Set<number>();
let exitHookInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort when a test forgot stop() or the worker is being torn down.
  process.on('exit', () => {
    for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
  });
}

function freePort(): Promise<number> {
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

/** The runner's environment minus what vitest injects, so the server runs as it would for real. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('VITEST') || key === 'TEST' || key === 'NODE_ENV') delete env[key];
  }
  return env;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const ownDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lingyan-e2e-data-'));
  // A fresh folder starts as a copy of the run's seeded template (global-setup.ts), when there is one.
  const template = ownDataDir ? process.env.LINGYAN_E2E_TEMPLATE : undefined;
  if (template && fs.existsSync(path.join(template, 'lingyan.sqlite'))) fs.cpSync(template, dataDir, { recursive: true });
  const keepDataDir = options.keepDataDir ?? !ownDataDir;
  const timeoutMs = options.timeoutMs ?? (Number(process.env.LINGYAN_E2E_SERVER_TIMEOUT_MS) || 90_000);
  const echo = options.echo ?? process.env.LINGYAN_E2E_SERVER_LOG === '1';
  const entry = options.entry ?? 'apps/server/src/main.ts';
  const port = await freePort();

  const env: NodeJS.ProcessEnv = {
    ...baseEnv(),
    LINGYAN_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LINGYAN_DEMO_PASSWORD: DEMO_PASSWORD,
    LINGYAN_E2E_PARENT_PID: String(process.pid),
    ...(keepDataDir ? {} : { LINGYAN_E2E_OWNED_DATA_DIR: dataDir }),
    FORCE_COLOR: '0',
    NO_COLOR: '1',
  };
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }

  // Same as `npx tsx <entry>`, minus the npx and tsx wrapper processes: one node process.
  // detached → own process group, so stop() can take down anything the server spawns.
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', EXIT_WITH_PARENT, entry], {
    cwd: REPO_ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) {
    throw new Error(`could not spawn the server (${process.execPath} --import tsx ${entry})`);
  }
  installExitHook();
  liveGroups.add(pid);

  const lines: string[] = [];
  let url: string | null = null;
  let onReady: ((u: string) => void) | null = null;
  const collect = (stream: NodeJS.ReadableStream, name: string) => {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      if (echo) process.stderr.write(chunk);
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) handleLine(line, name);
    });
    stream.on('end', () => {
      if (partial) handleLine(partial, name);
      partial = '';
    });
  };
  const handleLine = (line: string, name: string) => {
    lines.push(name === 'stderr' ? `[stderr] ${line}` : line);
    if (lines.length > 2000) lines.splice(0, lines.length - 2000);
    const m = READY_LINE.exec(line);
    if (m?.[1] && !url) {
      url = m[1].replace(/[./]+$/, '');
      onReady?.(url);
    }
  };
  collect(child.stdout!, 'stdout');
  collect(child.stderr!, 'stderr');
  const output = () => lines.join('\n');

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      killGroup(pid, 'SIGTERM');
      if (!(await waitForExit(child, 10_000))) {
        killGroup(pid, 'SIGKILL');
        await waitForExit(child, 5_000);
      }
    } else {
      killGroup(pid, 'SIGKILL'); // leftovers in the group, if any
    }
    liveGroups.delete(pid);
    if (!keepDataDir) fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
  };

  try {
    const readyUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not print "Lingyan listening on …" within ${timeoutMs} ms`)), timeoutMs);
      onReady = (u) => {
        clearTimeout(timer);
        resolve(u);
      };
      if (url) onReady(url);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`server exited before it was ready (${signal ?? `code ${code}`})`));
      });
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    return {
      url: readyUrl,
      port: Number(new URL(readyUrl).port) || port,
      dataDir,
      pid,
      output,
      stop,
    };
  } catch (err) {
    await stop();
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`${message}\n--- server output (${entry}) ---\n${output().split('\n').slice(-60).join('\n')}`);
  }
}
