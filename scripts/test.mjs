#!/usr/bin/env node
// `npm test`: every test suite, in order, with one summary at the end.
//
//   unit      vitest project "unit"                       (pure rules, no database)
//   server    vitest project "server", LINGYAN_TEST_DB=sqlite
//   postgres  vitest project "server", LINGYAN_TEST_DB=postgres + LINGYAN_TEST_PG_URL
//             (LINGYAN_TEST_PG_URL unset → a throwaway cluster from scripts/pg-cluster.mjs)
//   e2e       vitest project "e2e" in real Chromium ($CHROMIUM_PATH or /usr/bin/chromium),
//             after making sure apps/web/dist is up to date
//
// Usage: node scripts/test.mjs [--only unit,server,postgres,e2e] [-- extra vitest args]
//        npm test -- --only e2e         (npm itself swallows a bare `npm test --only e2e`)
//        LINGYAN_TEST_ONLY=e2e npm test
// Env:   LINGYAN_REQUIRE_ALL_SUITES=1   a suite that cannot run, or runs zero tests, fails the run
//        LINGYAN_TEST_JOBS=1            one suite at a time (by default two run at once: postgres
//                                       beside the first half of e2e, then unit, sqlite and the
//                                       second half; each printed whole when it ends)
//
// A suite whose prerequisites are missing (no PostgreSQL, no Chromium) is reported as NOT RUN
// with the reason. The last line of output is always "N passed, N failed, N skipped".
// Exit code: 0 when nothing failed, 1 otherwise, 128+n when interrupted by signal n.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPgBinDir, startCluster } from './pg-cluster.mjs';
import { webBuildState } from './lib/web-build.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const SUITE_IDS = ['unit', 'server', 'postgres', 'e2e'];
const REQUIRE_ALL = process.env.LINGYAN_REQUIRE_ALL_SUITES === '1';
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

// --------------------------------------------------------------------------------------------
// Arguments

function usage(exitCode) {
  const out = exitCode === 0 ? process.stdout : process.stderr;
  out.write(
    'usage: node scripts/test.mjs [--only unit,server,postgres,e2e] [-- extra vitest args]\n' +
      '       (through npm: npm test -- --only e2e, or LINGYAN_TEST_ONLY=e2e npm test)\n',
  );
  process.exit(exitCode);
}

function parseArgs(argv) {
  let only = process.env.LINGYAN_TEST_ONLY || null;
  const vitestArgs = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      vitestArgs.push(...argv.slice(i + 1));
      break;
    } else if (a === '--only') {
      only = argv[++i];
      if (!only) usage(2);
    } else if (a.startsWith('--only=')) {
      only = a.slice('--only='.length);
    } else if (a === '-h' || a === '--help') {
      usage(0);
    } else {
      vitestArgs.push(a); // e.g. a file filter or -t "name"; passed to every vitest run
    }
  }
  let selected = SUITE_IDS;
  if (only) {
    const wanted = only
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean);
    const unknown = wanted.filter((s) => !SUITE_IDS.includes(s));
    if (unknown.length || !wanted.length) {
      process.stderr.write(`unknown suite(s) in --only: ${unknown.join(', ') || '(empty)'}\n`);
      usage(2);
    }
    selected = SUITE_IDS.filter((s) => wanted.includes(s));
  }
  return { selected, only: Boolean(only), vitestArgs };
}

// --------------------------------------------------------------------------------------------
// Helpers

const log = (msg) => process.stdout.write(`\n▶ ${msg}\n`);

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function hasFiles(dir, pattern) {
  try {
    return fs.readdirSync(dir, { recursive: true }).some((f) => pattern.test(String(f)) && !String(f).split(path.sep).includes('node_modules'));
  } catch {
    return false;
  }
}

const children = new Set();
let interrupted = null;

/** Runs a command; its output goes to the terminal, or to `outputFile` when suites run side by side. */
function run(cmd, args, env, outputFile = null) {
  return new Promise((resolve) => {
    const fd = outputFile ? fs.openSync(outputFile, 'a') : null;
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: fd === null ? 'inherit' : ['ignore', fd, fd] });
    children.add(child);
    const done = (result) => {
      children.delete(child);
      if (fd !== null) fs.closeSync(fd);
      resolve(result);
    };
    child.on('error', (err) => done({ code: null, signal: null, error: err }));
    child.on('exit', (code, signal) => done({ code, signal, error: null }));
  });
}

function formatSeconds(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}

// --------------------------------------------------------------------------------------------
// Running one vitest project and reading its JSON report

const VITEST_BIN = path.join(path.dirname(require.resolve('vitest/package.json')), 'vitest.mjs');

async function runVitest(project, extraEnv, vitestArgs, outputFile) {
  const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lingyan-vitest-'));
  const reportFile = path.join(reportDir, 'report.json');
  try {
    const res = await run(
      process.execPath,
      [VITEST_BIN, 'run', '--project', project, '--passWithNoTests', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...vitestArgs],
      { ...process.env, ...extraEnv },
      outputFile,
    );
    const counts = { passed: 0, failed: 0, skipped: 0, files: 0 };
    const problems = [];
    const failures = [];
    let report = null;
    try {
      report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
    } catch {
      // handled below
    }
    if (report && Array.isArray(report.testResults)) {
      for (const file of report.testResults) {
        counts.files++;
        let failedHere = 0;
        for (const t of file.assertionResults ?? []) {
          if (t.status === 'passed') counts.passed++;
          else if (t.status === 'failed') {
            counts.failed++;
            failedHere++;
            failures.push(`${path.relative(ROOT, file.name)} › ${t.fullName ?? t.title}: ${firstLine((t.failureMessages ?? [])[0])}`);
          } else counts.skipped++; // skipped, pending, todo, disabled
        }
        // A file that failed without a failing test: import error, failing hook, …
        if (file.status === 'failed' && failedHere === 0) {
          counts.failed++;
          problems.push(`${path.relative(ROOT, file.name)}: ${firstLine(file.message) || 'failed outside any test'}`);
        }
      }
    } else {
      problems.push('vitest wrote no JSON report');
    }
    if (res.error) problems.push(`could not start vitest: ${res.error.message}`);
    else if (res.signal) problems.push(`vitest was killed by ${res.signal}`);
    else if (res.code !== 0 && counts.failed === 0) {
      problems.push(`vitest exited with code ${res.code} (see its output above, e.g. unhandled errors)`);
    }
    if (problems.length && counts.failed === 0) counts.failed = 1; // never report a broken run as green
    return { ...counts, problems, failures, signal: res.signal };
  } finally {
    fs.rmSync(reportDir, { recursive: true, force: true });
  }
}

function firstLine(s) {
  return String(s ?? '')
    .split('\n')
    .map((l) => l.trim())
    .find(Boolean);
}

// --------------------------------------------------------------------------------------------
// Suites

function chromiumPath() {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/** Rebuild apps/web when dist is missing or older than its sources (the rule lives in lib/web-build.mjs). */
async function ensureWebBuilt() {
  const state = webBuildState();
  if (state === 'fresh') {
    log('web app: apps/web/dist is up to date');
    return null;
  }
  log(state === 'stale' ? 'web app: sources changed since the last build, rebuilding' : 'web app: no build yet, building');
  const t0 = Date.now();
  const res = await run('npm', ['run', 'build', '-w', 'apps/web'], process.env);
  if (res.code !== 0) {
    return res.error ? `web build could not start: ${res.error.message}` : `web build failed (npm run build -w apps/web → ${res.signal ?? res.code})`;
  }
  log(`web app built in ${formatSeconds(Date.now() - t0)}`);
  return null;
}

const SUITES = {
  unit: { label: 'unit', project: 'unit', prepare: async () => ({ env: {} }) },
  server: {
    label: 'server (sqlite)',
    project: 'server',
    prepare: async () => ({ env: { LINGYAN_TEST_DB: 'sqlite' } }),
  },
  postgres: {
    label: 'server (postgres)',
    project: 'server',
    prepare: async () => {
      const given = process.env.LINGYAN_TEST_PG_URL;
      if (given) {
        return {
          env: { LINGYAN_TEST_DB: 'postgres', LINGYAN_TEST_PG_URL: given },
          note: 'server from LINGYAN_TEST_PG_URL',
        };
      }
      if (!findPgBinDir()) {
        return {
          notRun:
            'LINGYAN_TEST_PG_URL is not set and no PostgreSQL binaries were found ' + '(/usr/lib/postgresql/*/bin, $LINGYAN_PG_BIN, $PATH); install postgresql',
        };
      }
      log('starting a throwaway PostgreSQL cluster');
      const t0 = Date.now();
      try {
        const pg = await startCluster({ log: (m) => process.stdout.write(`  ${m}\n`) });
        return {
          env: { LINGYAN_TEST_DB: 'postgres', LINGYAN_TEST_PG_URL: pg.url },
          note: `throwaway cluster, up in ${formatSeconds(Date.now() - t0)}`,
          cleanup: async () => {
            const t1 = Date.now();
            await pg.stop();
            log(`PostgreSQL cluster stopped and removed in ${formatSeconds(Date.now() - t1)}`);
          },
        };
      } catch (err) {
        return {
          error: `could not start a PostgreSQL cluster: ${err instanceof Error ? err.message : err}`,
        };
      }
    },
  },
  e2e: {
    label: 'e2e (chromium)',
    project: 'e2e',
    prepare: async () => {
      const chromium = chromiumPath();
      if (!isExecutable(chromium)) {
        return {
          notRun: process.env.CHROMIUM_PATH
            ? `CHROMIUM_PATH=${chromium} is not an executable file`
            : 'Chromium not found at /usr/bin/chromium (install chromium or set CHROMIUM_PATH)',
        };
      }
      const env = { CHROMIUM_PATH: chromium };
      if (!hasFiles(path.join(ROOT, 'e2e'), /\.e2e\.ts$/)) {
        return { env, note: 'no e2e test files; web build skipped' };
      }
      const buildError = await ensureWebBuilt();
      if (buildError) return { error: buildError };
      return { env };
    },
  },
};

/** A suite's preparation runs once even when its shards start side by side (one web build, one cluster). */
const prepared = new Map();
const prepareOnce = (id) => {
  if (!prepared.has(id)) prepared.set(id, SUITES[id].prepare());
  return prepared.get(id);
};

async function runSuite(id, vitestArgs, outputFile = null, shard = null) {
  const suite = SUITES[id];
  const result = {
    id,
    label: suite.label,
    state: 'ran',
    passed: 0,
    failed: 0,
    skipped: 0,
    reason: '',
    ms: 0,
  };
  const t0 = Date.now();
  result.startedAt = t0;
  log(`suite ${suite.label}${shard ? ` (part ${shard})` : ''}`);
  const prep = await prepareOnce(id);
  try {
    if (prep.notRun) {
      result.state = 'not run';
      result.reason = prep.notRun;
      process.stdout.write(`  NOT RUN: ${prep.notRun}\n`);
      return result;
    }
    if (prep.error) {
      result.state = 'error';
      result.failed = 1;
      result.reason = prep.error;
      process.stdout.write(`  ERROR: ${prep.error}\n`);
      return result;
    }
    if (interrupted) {
      result.state = 'interrupted';
      return result;
    }
    const r = await runVitest(suite.project, prep.env, shard ? [...vitestArgs, `--shard=${shard}`] : vitestArgs, outputFile);
    Object.assign(result, { passed: r.passed, failed: r.failed, skipped: r.skipped, failures: r.failures });
    const notes = [prep.note, ...r.problems].filter(Boolean);
    if (interrupted) {
      result.state = 'interrupted';
      notes.unshift(`interrupted by ${interrupted}`);
    }
    result.reason = notes.join('; ');
    return result;
  } finally {
    if (prep.cleanup && !shard) await prep.cleanup();
    result.ms = Date.now() - t0;
  }
}

// --------------------------------------------------------------------------------------------
// Two at a time: vitest gives a project one worker on a 2-core machine, and much of a suite's time
// is spent waiting (PostgreSQL round trips, a browser, a soak's schedule), so the suites run two at
// once: the longest (postgres) starts first, the others follow in order as a slot frees. Each
// suite's output goes to its own log, printed whole when it ends. LINGYAN_TEST_JOBS=1: one at a time.

const JOBS = Math.max(1, Number(process.env.LINGYAN_TEST_JOBS ?? 2) || 1);
// The browser journeys run as two halves (vitest --shard), one beside each engine's server suite.
const ORDER = [
  ['postgres', null],
  ['e2e', '1/2'],
  ['unit', null],
  ['server', null],
  ['e2e', '2/2'],
];

/** The halves of one suite as one row: counts added, time from the first start to the last end. */
function mergeParts(a, b) {
  const states = [a.state, b.state];
  const end = Math.max(a.startedAt + a.ms, b.startedAt + b.ms);
  const startedAt = Math.min(a.startedAt, b.startedAt);
  return {
    ...a,
    state: ['interrupted', 'error', 'not run'].find((st) => states.includes(st)) ?? 'ran',
    passed: a.passed + b.passed,
    failed: a.failed + b.failed,
    skipped: a.skipped + b.skipped,
    failures: [...(a.failures ?? []), ...(b.failures ?? [])],
    reason: [...new Set([a.reason, b.reason].filter(Boolean))].join('; '),
    startedAt,
    ms: end - startedAt,
  };
}

async function runSuites(selected, vitestArgs) {
  if (JOBS === 1 || selected.length === 1) {
    const results = [];
    for (const id of selected) {
      if (interrupted) break;
      results.push(await runSuite(id, vitestArgs));
    }
    return results;
  }
  const queue = ORDER.filter(([id]) => selected.includes(id));
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lingyan-suites-'));
  const name = ([id, shard]) => `${SUITES[id].label}${shard ? ` part ${shard}` : ''}`;
  log(`suites ${queue.map(name).join(', ')}: ${JOBS} at a time (LINGYAN_TEST_JOBS=1 for one at a time)`);
  const t0 = Date.now();
  const running = new Set();
  const heartbeat = setInterval(() => {
    process.stdout.write(`  … ${formatSeconds(Date.now() - t0)}: running ${[...running].map(name).join(', ')}\n`);
  }, 60_000);
  const byId = new Map();
  const worker = async () => {
    for (let item = queue.shift(); item && !interrupted; item = queue.shift()) {
      const [id, shard] = item;
      running.add(item);
      const file = path.join(logDir, `${id}-${(shard ?? 'all').replace('/', 'of')}.log`);
      const result = await runSuite(id, vitestArgs, file, shard);
      running.delete(item);
      process.stdout.write(`\n──── output of ${name(item)} (${formatSeconds(result.ms)}) ────\n`);
      process.stdout.write(fs.readFileSync(file, 'utf8'));
      byId.set(id, byId.has(id) ? mergeParts(byId.get(id), result) : result);
    }
  };
  try {
    await Promise.all(Array.from({ length: JOBS }, worker));
  } finally {
    clearInterval(heartbeat);
    fs.rmSync(logDir, { recursive: true, force: true });
  }
  return selected.filter((id) => byId.has(id)).map((id) => byId.get(id));
}

// --------------------------------------------------------------------------------------------
// Summary

function verdict(r) {
  if (r.state === 'interrupted') return 'INTERRUPTED';
  if (r.state === 'error') return 'FAILED';
  if (r.state === 'not run') return REQUIRE_ALL ? 'NOT RUN ✗' : 'NOT RUN';
  if (r.failed > 0) return 'FAILED';
  if (REQUIRE_ALL && r.passed === 0) return 'NO TESTS ✗';
  return 'ok';
}

function printSummary(results, { only }) {
  const rows = [['suite', 'result', 'passed', 'failed', 'skipped', 'time', 'notes']];
  for (const r of results) {
    const ran = r.state === 'ran' || r.state === 'interrupted';
    rows.push([
      r.label,
      verdict(r),
      ran ? String(r.passed) : '-',
      ran || r.state === 'error' ? String(r.failed) : '-',
      ran ? String(r.skipped) : '-',
      formatSeconds(r.ms),
      r.reason,
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const numeric = new Set([2, 3, 4, 5]);
  const line = (row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [];
  out.push('', '═'.repeat(60), 'Test summary', '');
  out.push(line(rows[0]), line(widths.map((w) => '─'.repeat(w))));
  for (const row of rows.slice(1)) out.push(line(row));
  if (only) out.push('', `(subset: ${results.map((r) => r.id).join(', ')})`);
  if (REQUIRE_ALL) out.push('', 'LINGYAN_REQUIRE_ALL_SUITES=1: every selected suite must run at least one test.');
  const blockers = results.filter((r) => verdict(r).includes('✗'));
  for (const r of blockers) {
    out.push(`✗ ${r.label}: ${r.state === 'not run' ? `did not run (${r.reason})` : 'executed zero tests'}`);
  }
  // Name every failing test here too: CI logs are often read from the tail only.
  for (const r of results) {
    for (const f of (r.failures ?? []).slice(0, 20)) out.push(`✗ ${r.label}: ${f}`);
    if ((r.failures ?? []).length > 20) out.push(`✗ ${r.label}: … and ${r.failures.length - 20} more`);
  }
  const total = results.reduce(
    (acc, r) => ({
      passed: acc.passed + r.passed,
      failed: acc.failed + r.failed,
      skipped: acc.skipped + r.skipped,
    }),
    { passed: 0, failed: 0, skipped: 0 },
  );
  out.push('', `${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.stdout.write(`${out.join('\n')}\n`);
  return { total, blocked: blockers.length > 0 };
}

// --------------------------------------------------------------------------------------------

async function main() {
  const { selected, only, vitestArgs } = parseArgs(process.argv.slice(2));
  for (const sig of Object.keys(SIGNAL_EXIT)) {
    process.on(sig, () => {
      if (!interrupted) interrupted = sig;
      // Ctrl-C reaches the child through the process group already; other signals may not.
      if (sig !== 'SIGINT') for (const child of children) child.kill(sig);
    });
  }

  const results = await runSuites(selected, vitestArgs);

  const { total, blocked } = printSummary(results, { only });
  if (interrupted) return SIGNAL_EXIT[interrupted];
  return total.failed > 0 || blocked ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`scripts/test.mjs crashed: ${err instanceof Error ? err.stack : err}\n`);
    process.stdout.write('\n0 passed, 1 failed, 0 skipped\n');
    process.exit(1);
  },
);
