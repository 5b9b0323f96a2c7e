// The crash loop: writes through HTTP, SIGKILL at seeded random moments, restart on the same data, then verify.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../platform/config.ts';
import { openRuntime } from '../../platform/runtime.ts';
import { seedDemo } from '../../seed/demo.ts';
import { Api, prng, sleep, Tally } from './http.ts';
import { freePort, killServer, startServer, stopServer, type Child } from './server-process.ts';
import { verify, type Verdict } from './verify.ts';
import { importWriter, intakeWriter, newLedger, starWriter } from './writers.ts';
import type { PgControl } from './pg-control.ts';

export type CrashOptions = {
  seed: number;
  kills: number;
  /** Rows per import sheet. */
  rows: number;
  /** Each kill comes a random time in [minDelayMs, maxDelayMs] after the server is ready. */
  minDelayMs: number;
  maxDelayMs: number;
  dataDir: string;
  databaseUrl: string | null;
  /** From bundleServer(), or null for tsx. */
  bundle: string | null;
  /** After the kills, the writers go on until one more import is committed, for at most this long. */
  finalImportMs: number;
  /** PostgreSQL only: stop the cluster for `downMs` while the client writes, then start it. */
  pg?: { control: PgControl; downMs: number };
  log: (m: string) => void;
};

export type CrashResult = {
  seed: number;
  kills: number;
  seconds: number;
  startupMs: number[];
  acknowledged: { requests: number; checks: number; imports: number; importsSeen: number };
  /** Commits accepted, by how they ended (a kill during the commit: failed, rows absent). */
  commits: Record<string, number>;
  writesAttempted: number;
  outcomes: Record<string, number>;
  unexpected: string[];
  outage?: { stopMs: number; downMs: number; startMs: number; firstAckAfterMs: number; outcomes: Record<string, number>; serverAlive: boolean };
  verdict: Verdict;
  writerErrors: string[];
  /** Servers that exited without being killed, with their last output. */
  deaths: string[];
};

const PASSWORD = 'Crash-Demo-2026!';

/** Seeds the demo tree and accounts (no synthetic registry) in-process, so the first start does not. */
async function seed(dataDir: string, databaseUrl: string | null): Promise<void> {
  const rt = await openRuntime(loadConfig({ LINGYAN_DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) }));
  try {
    await seedDemo(rt.ctx.db, PASSWORD, new Date().toISOString(), { registry: 'none' });
  } finally {
    await rt.close();
  }
}

export async function runCrashLoop(o: CrashOptions): Promise<CrashResult> {
  const started = Date.now();
  const rand = prng(o.seed);
  await seed(o.dataDir, o.databaseUrl);
  const port = await freePort();
  const deaths: string[] = [];
  let killing = false;
  const start = async () => {
    const child = await startServer({ bundle: o.bundle, dataDir: o.dataDir, databaseUrl: o.databaseUrl, port, password: PASSWORD });
    // A server that dies without our SIGKILL is a finding: keep what it printed last.
    void child.exited.then(({ code, signal }) => {
      if (killing) return;
      deaths.push(`exited (${signal ?? code}):\n${child.output.slice(-40).join('\n')}`);
      o.log(`SERVER DIED ${deaths.at(-1)}`);
    });
    return child;
  };
  let server: Child = await start();
  const tally = new Tally();
  const api = new Api(server.url, PASSWORD, tally);
  const ledger = newLedger();
  let running = true;
  const ctl = { running: () => running };
  const writerErrors: string[] = [];
  const sheets = fs.mkdtempSync(path.join(os.tmpdir(), 'lingyan-crash-sheets-'));
  const guard = (p: Promise<void>) => p.catch((e: Error) => void writerErrors.push(e.stack ?? e.message));
  const writers = Promise.all([
    guard(intakeWriter(api, ledger, ctl)),
    guard(starWriter(api, ledger, ctl)),
    guard(importWriter(api, ledger, ctl, { rows: o.rows, dir: sheets, log: o.log })),
  ]);
  const startupMs: number[] = [];
  try {
    const acks = () => ledger.requests.length + ledger.checks.length + ledger.importsSeen.length;
    for (let k = 1; k <= o.kills; k++) {
      // Each life of the server first acknowledges a write (up to 30 s), then dies at a random moment.
      const before = acks();
      for (let i = 0; i < 300 && acks() === before; i++) await sleep(100);
      // Every fourth kill is aimed at an import's commit (up to 60 s to reach one), the rest fall anywhere.
      if (k % 4 === 0) {
        for (let i = 0; i < 600 && !ledger.committing; i++) await sleep(100);
        await sleep(rand.between(0, 300));
      } else await sleep(rand.between(o.minDelayMs, o.maxDelayMs));
      killing = true;
      await killServer(server);
      killing = false;
      const t = Date.now();
      server = await start();
      startupMs.push(Date.now() - t);
      o.log(
        `kill ${k}/${o.kills}: restarted in ${startupMs.at(-1)} ms; acknowledged ${ledger.requests.length} requests, ${ledger.checks.length} checks, ${ledger.imports.length} imports`,
      );
    }
    let outage: CrashResult['outage'];
    if (o.pg) outage = await restartUnderLoad(o.pg, tally, ledger, server, o.log);
    // No more kills: the writers go on until an import of the full size is committed (bounded).
    const committed = ledger.imports.length;
    for (const until = Date.now() + o.finalImportMs; ledger.imports.length === committed && deaths.length === 0 && Date.now() < until;) await sleep(200);
    running = false;
    if (deaths.length > 0) server = await start(); // so that the writers can finish; the death is reported
    await writers;
    killing = true;
    await stopServer(server);
    const verdict = await verify(o.dataDir, o.databaseUrl, ledger);
    return {
      seed: o.seed,
      kills: o.kills,
      seconds: (Date.now() - started) / 1000,
      startupMs,
      acknowledged: { requests: ledger.requests.length, checks: ledger.checks.length, imports: ledger.imports.length, importsSeen: ledger.importsSeen.length },
      commits: ledger.commits.reduce<Record<string, number>>((m, c) => ({ ...m, [c.status]: (m[c.status] ?? 0) + 1 }), {}),
      writesAttempted: tally.attempts,
      outcomes: Object.fromEntries(tally.outcomes),
      unexpected: tally.unexpected(),
      ...(outage ? { outage } : {}),
      verdict,
      writerErrors,
      deaths,
    };
  } finally {
    running = false;
    killing = true;
    await killServer(server).catch(() => undefined);
    fs.rmSync(sheets, { recursive: true, force: true });
  }
}

/** Stops PostgreSQL under the running server while the writers go on; the server must ride it out. */
async function restartUnderLoad(
  pg: { control: PgControl; downMs: number },
  tally: Tally,
  ledger: ReturnType<typeof newLedger>,
  server: Child,
  log: (m: string) => void,
) {
  const before = new Map(tally.outcomes);
  const acked = () => ledger.requests.length + ledger.checks.length;
  const t0 = Date.now();
  await pg.control.stop();
  const stopMs = Date.now() - t0;
  await sleep(pg.downMs);
  const t1 = Date.now();
  await pg.control.start();
  const startMs = Date.now() - t1;
  const ackedAtStart = acked();
  let firstAckAfterMs = -1;
  for (let i = 0; i < 600; i++) {
    if (acked() > ackedAtStart) {
      firstAckAfterMs = Date.now() - t1;
      break;
    }
    await sleep(50);
  }
  const outcomes: Record<string, number> = {};
  for (const [k, v] of tally.outcomes) if (v - (before.get(k) ?? 0) > 0) outcomes[k] = v - (before.get(k) ?? 0);
  const serverAlive = server.child.exitCode === null && server.child.signalCode === null;
  log(
    `PostgreSQL restart: stop ${stopMs} ms, down ${pg.downMs} ms, start ${startMs} ms, first write acknowledged ${firstAckAfterMs} ms after start; ${JSON.stringify(outcomes)}`,
  );
  return { stopMs, downMs: pg.downMs, startMs, firstAckAfterMs, outcomes, serverAlive };
}
