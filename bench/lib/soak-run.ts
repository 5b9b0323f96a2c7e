// The soak: a fixed mix of real requests against the real server (child process) at half its
// measured maximum rate, reduced to windows of rps, p50, p99 and server RSS.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { serverArgs } from '../../scripts/lib/server-command.mjs';
import { percentile, sortedCopy } from './stats.ts';
import { judge, mixSequence, parseVmRssMb, toWindows, type Probe, type Sample, type SoakLimits, type Verdict, type Window } from './soak-windows.ts';

const PASSWORD = 'Soak-Hall-2026!';
const TIANSHAN = '654203002009';
/** Per 20 requests: window intake 4, board lists 6, resident searches 5, visits logged 2, figures 3. */
export const MIX = { intake: 4, board: 6, search: 5, visit: 2, figures: 3 } as const;
type Op = keyof typeof MIX;
const SEARCHES = ['王', 'zh', 'li', 'ma', '阿', 'wang', '13', '李'];
/** More requests in flight than this means the server has fallen behind: counted as errors, not queued. */
const MAX_IN_FLIGHT = 256;

export interface SoakOptions {
  rootDir: string;
  /** Steady phase length, warm-up included. */
  seconds: number;
  windows: number;
  warmupWindows: number;
  /** Seconds per closed-loop ramp step when measuring the maximum. */
  rampStepSeconds: number;
  databaseUrl?: string;
  limits?: SoakLimits;
  log?: (message: string) => void;
}

export interface SoakResult {
  engine: 'sqlite' | 'postgres';
  maxRps: number;
  ramp: { connections: number; rps: number }[];
  rate: number;
  windows: Window[];
  verdict: Verdict;
  byOp: Record<string, number>;
  /** p99 per op over the steady windows, to see which op sets the pace. */
  opP99Ms: Record<string, number>;
}

interface Server {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** The server as `npm start` runs it, on a fresh data folder (the demo is seeded on first start). */
async function startServer(rootDir: string, databaseUrl: string | undefined): Promise<Server> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lingyan-soak-'));
  const child = spawn(process.execPath, serverArgs(rootDir), {
    cwd: rootDir,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LINGYAN_DATA_DIR: dataDir,
      LINGYAN_DEMO_PASSWORD: PASSWORD,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const kill = (): void => void child.kill('SIGKILL');
  process.once('exit', kill);
  const stop = async (): Promise<void> => {
    process.off('exit', kill);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(kill, 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the server did not start within 180 s')), 180_000);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const m = /Lingyan listening on (http:\/\/\S+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`the server exited (code ${code})`)));
    });
    return { url, pid: child.pid!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

type Session = { cookie: string; csrf: string };

async function login(server: Server, username: string): Promise<Session> {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = /lingyan_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error(`login ${username}: no session cookie`);
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

async function getJson<T>(server: Server, session: Session, url: string): Promise<T> {
  const res = await fetch(server.url + url, { headers: { cookie: session.cookie } });
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

type Send = (n: number) => Promise<number>;

/** One function per op: sends its n-th request and resolves to the HTTP status. */
async function prepareOps(server: Server): Promise<Record<Op, Send>> {
  const [window, leader, grid, city] = await Promise.all(['tianshan-window', 'tianshan', 'tianshan-grid1', 'city'].map((u) => login(server, u)));
  const orgs = await getJson<{ items: { id: string; code: string }[] }>(server, window!, '/api/v1/orgs');
  const orgId = orgs.items.find((o) => o.code === TIANSHAN)?.id;
  const items = await getJson<{ items: { id: string; code: string }[] }>(server, window!, '/api/v1/service-items');
  const itemId = items.items.find((i) => i.code === 'JY-01')?.id ?? items.items[0]?.id;
  const households = await getJson<{ items: { id: string }[] }>(server, grid!, '/api/v1/visits/households?pageSize=100');
  if (!orgId || !itemId || households.items.length === 0) throw new Error('the demo lacks 天山路社区, a service item or households for tianshan-grid1');
  const intake = JSON.stringify({
    orgId,
    itemId,
    channel: 'window',
    visitorName: '过路群众',
    contactPhone: '13909931234',
    description: '办理失业登记',
    walkIn: true,
  });
  const get = (s: Session, url: string) => async () => {
    const res = await fetch(server.url + url, { headers: { cookie: s.cookie } });
    await res.arrayBuffer();
    return res.status;
  };
  const post = async (s: Session, url: string, body: string): Promise<number> => {
    const res = await fetch(server.url + url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
      body,
    });
    await res.arrayBuffer();
    return res.status;
  };
  return {
    intake: () => post(window!, '/api/v1/service-requests', intake),
    board: get(leader!, '/api/v1/service-requests?open=true&pageSize=20'),
    search: (n) => get(leader!, `/api/v1/residents?q=${encodeURIComponent(SEARCHES[n % SEARCHES.length]!)}`)(),
    visit: (n) =>
      post(grid!, '/api/v1/visits', JSON.stringify({ householdId: households.items[n % households.items.length]!.id, kind: 'routine', notes: '例行走访' })),
    figures: get(city!, '/api/v1/service-requests/stats'),
  };
}

function readRssMb(pid: number): number {
  return parseVmRssMb(readFileSync(`/proc/${pid}/status`, 'utf8'));
}

const ok = (status: number): boolean => status >= 200 && status < 300;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Closed loop at rising connection counts; stops when a step gains under 5%. Any failure throws. */
async function measureMax(ops: Record<Op, Send>, sequence: readonly string[], stepSeconds: number, log: (m: string) => void) {
  const ramp: { connections: number; rps: number }[] = [];
  let n = 0;
  for (const connections of [2, 4, 8, 16, 32]) {
    const until = performance.now() + stepSeconds * 1000;
    let done = 0;
    const failures: string[] = [];
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < until) {
          const i = n++;
          const op = sequence[i % sequence.length] as Op;
          const status = await ops[op](i).catch(() => 0);
          if (!ok(status)) failures.push(`${op} ${status}`);
          done++;
        }
      }),
    );
    if (failures.length > 0) throw new Error(`ramp at ${connections} connections: ${failures.length} failures (${failures.slice(0, 5).join(', ')})`);
    const rps = done / stepSeconds;
    log(`  ramp: ${connections} connections → ${rps.toFixed(1)} rps`);
    const best = Math.max(0, ...ramp.map((r) => r.rps));
    ramp.push({ connections, rps });
    if (rps < best * 1.05) break;
  }
  return { maxRps: Math.max(...ramp.map((r) => r.rps)), ramp, sent: n };
}

const PROBE_EVERY_MS = 250;
const PROBE_DATA = Buffer.alloc(256 * 1024, 7);

/** A fixed piece of CPU work timed in the client: the machine's share left to this run, for the p99 verdict. */
function cpuProbe(): number {
  const t = performance.now();
  for (let i = 0; i < 4; i++) createHash('sha256').update(PROBE_DATA).digest();
  return performance.now() - t;
}

/** Open loop at `rate`: each request is due at its slot and timed from then, so a stalled server shows in the latency. */
async function steady(
  ops: Record<Op, Send>,
  sequence: readonly string[],
  rate: number,
  options: SoakOptions,
  pid: number,
  offset: number,
  log: (m: string) => void,
) {
  const windowMs = (options.seconds * 1000) / options.windows;
  const total = Math.floor(rate * options.seconds);
  const samples: Sample[] = [];
  const probes: Probe[] = [];
  let lastProbe = -Infinity;
  const rss: number[] = [];
  let rssMax = 0;
  let lastRead = -Infinity;
  const byOp: Record<string, number> = {};
  const pending = new Set<Promise<void>>();
  const t0 = performance.now();
  let next = 0;
  while (next < total || rss.length < options.windows) {
    const now = performance.now() - t0;
    while (next < total && next / rate <= now / 1000) {
      const at = (next / rate) * 1000;
      const i = offset + next++;
      const op = sequence[i % sequence.length]!;
      byOp[op] = (byOp[op] ?? 0) + 1;
      if (pending.size >= MAX_IN_FLIGHT) {
        samples.push({ at, ms: now - at, op, error: true });
        continue;
      }
      const p: Promise<void> = ops[op as Op](i)
        .catch(() => 0)
        .then((status) => {
          samples.push({ at, ms: performance.now() - t0 - at, op, error: !ok(status) });
          pending.delete(p);
        });
      pending.add(p);
    }
    if (now - lastProbe >= PROBE_EVERY_MS) {
      probes.push({ at: now, ms: cpuProbe() });
      lastProbe = now;
    }
    // RSS about once a second; a window keeps its highest reading, so one GC does not decide the verdict.
    if (now - lastRead >= 1000) {
      rssMax = Math.max(rssMax, readRssMb(pid));
      lastRead = now;
    }
    while (rss.length < options.windows && now >= (rss.length + 1) * windowMs) {
      rss.push(Math.max(rssMax, readRssMb(pid)));
      rssMax = 0;
      lastRead = now;
      const w = toWindows(samples, options.windows, windowMs, options.warmupWindows, rss, probes)[rss.length - 1]!;
      log(
        `  window ${rss.length}/${options.windows}: ${w.rps.toFixed(1)} rps, p50 ${w.p50Ms.toFixed(1)} ms, p99 ${w.p99Ms.toFixed(1)} ms, RSS ${w.rssMb.toFixed(0)} MB`,
      );
    }
    await sleep(Math.min(5, Math.max(1, 1000 / rate)));
  }
  await Promise.all(pending);
  const opP99Ms = Object.fromEntries(
    Object.keys(byOp).map((op) => [
      op,
      percentile(sortedCopy(samples.filter((s) => s.op === op && s.at >= options.warmupWindows * windowMs).map((s) => s.ms)), 99),
    ]),
  );
  return { windows: toWindows(samples, options.windows, windowMs, options.warmupWindows, rss, probes), byOp, opP99Ms };
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const log = options.log ?? (() => {});
  const engine = options.databaseUrl ? 'postgres' : 'sqlite';
  const started = performance.now();
  const server = await startServer(options.rootDir, options.databaseUrl);
  try {
    log(`soak (${engine}): server at ${server.url}, started in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const ops = await prepareOps(server);
    const sequence = mixSequence(MIX);
    const { maxRps, ramp, sent } = await measureMax(ops, sequence, options.rampStepSeconds, log);
    const rate = maxRps / 2;
    log(`  maximum ${maxRps.toFixed(1)} rps; soaking at ${rate.toFixed(1)} rps for ${options.seconds} s`);
    const { windows, byOp, opP99Ms } = await steady(ops, sequence, rate, options, server.pid, sent, log);
    return { engine, maxRps, ramp, rate, windows, verdict: judge(windows, options.limits), byOp, opP99Ms };
  } finally {
    await server.stop();
  }
}
