#!/usr/bin/env node
// Throwaway PostgreSQL cluster for the test suites.
//
// Library:  const pg = await startCluster();  ...  pg.url  ...  await pg.stop();
// CLI:      node scripts/pg-cluster.mjs start [--state FILE] [--watch-pid PID] [--ttl SECONDS]
//             → prints LINGYAN_TEST_PG_URL=postgres://postgres@127.0.0.1:PORT/postgres on stdout
//           node scripts/pg-cluster.mjs stop   [--state FILE]
//           node scripts/pg-cluster.mjs status [--state FILE]
//
// The cluster lives in a fresh temp dir (data, log, unix socket), listens on 127.0.0.1 only on a
// free port, trusts every local connection and trades durability for speed (fsync=off). It is
// removed completely on stop. PostgreSQL refuses to run as root, so as root every server binary
// runs through `runuser -u postgres` and the temp dir is handed to that user.
//
// Leak protection: a small detached watchdog process stops the cluster and removes its dir as
// soon as the owning process is gone (the library caller, or --watch-pid for the CLI), or after
// --ttl seconds (CLI default 4 h, so a forgotten `start` cannot run forever). The library also
// stops the cluster on process exit and on SIGINT/SIGTERM/SIGHUP.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const REPO_ROOT = path.resolve(path.dirname(SELF), '..');
export const DEFAULT_STATE_FILE = path.join(REPO_ROOT, '.tmp', 'pg-cluster.json');
const CLI_DEFAULT_TTL_SECONDS = 4 * 60 * 60;

/**
 * Directory holding initdb/pg_ctl/postgres, or null. Order: $LINGYAN_PG_BIN,
 * /usr/lib/postgresql/<highest version>/bin, then $PATH.
 */
export function findPgBinDir() {
  const hasBins = (dir) => ['initdb', 'pg_ctl', 'postgres'].every((b) => isExecutable(path.join(dir, b)));
  const override = process.env.LINGYAN_PG_BIN;
  if (override) return hasBins(override) ? override : null;
  let versions = [];
  try {
    versions = fs.readdirSync('/usr/lib/postgresql');
  } catch {
    // not a Debian-style layout
  }
  versions = versions.filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  for (const v of versions) {
    const dir = path.join('/usr/lib/postgresql', v, 'bin');
    if (hasBins(dir)) return dir;
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && hasBins(dir)) return dir;
  }
  return null;
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** As root: the unprivileged user the server binaries run as. Otherwise null. */
function resolveRunAs() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  for (const user of ['postgres', 'nobody']) {
    const uid = spawnSync('id', ['-u', user], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
    if (uid.status === 0 && gid.status === 0) {
      return { user, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
    }
  }
  throw new Error('running as root, but neither a "postgres" nor a "nobody" user exists');
}

/** Run a PostgreSQL binary (as the unprivileged user when we are root). Synchronous. */
function runPg(cluster, bin, args, { timeoutMs = 60_000 } = {}) {
  const exe = path.join(cluster.binDir, bin);
  const [cmd, argv] = cluster.runAs ? ['runuser', ['-u', cluster.runAs.user, '--', exe, ...args]] : [exe, args];
  // cwd: the cluster dir, so the unprivileged user never starts in an unreadable directory.
  const r = spawnSync(cmd, argv, {
    cwd: fs.existsSync(cluster.dir) ? cluster.dir : os.tmpdir(),
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
  });
  return {
    ok: r.status === 0,
    status: r.status,
    output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`,
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

function pickLocale() {
  const r = spawnSync('locale', ['-a'], { encoding: 'utf8' });
  if (r.status === 0 && /^c\.utf-?8$/im.test(r.stdout)) return 'C.UTF-8';
  return 'C';
}

function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function pidAlive(pid) {
  if (!pid || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

function postmasterPid(cluster) {
  try {
    const first = fs.readFileSync(path.join(cluster.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0];
    return Number.parseInt(first ?? '', 10) || null;
  } catch {
    return null;
  }
}

/**
 * Stop the cluster (immediate shutdown: nothing is worth keeping) and delete its directory.
 * Synchronous so it can run from exit handlers. Safe to call more than once.
 */
export function stopClusterSync(cluster) {
  if (!cluster?.dir || !fs.existsSync(cluster.dir)) return;
  const pid = postmasterPid(cluster);
  if (pid && pidAlive(pid)) {
    const r = runPg(cluster, 'pg_ctl', ['-D', cluster.dataDir, '-m', 'immediate', '-w', '-t', '10', 'stop'], {
      timeoutMs: 15_000,
    });
    if (!r.ok && pidAlive(pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  fs.rmSync(cluster.dir, { recursive: true, force: true, maxRetries: 3 });
}

function spawnWatchdog(cluster, { watchPid, ttlSeconds }) {
  const child = spawn(process.execPath, [SELF, '__watchdog', JSON.stringify(cluster), String(watchPid ?? 0), String(ttlSeconds ?? 0)], {
    detached: true,
    stdio: 'ignore',
    cwd: '/',
  });
  child.unref();
  return child.pid;
}

async function runWatchdog(clusterJson, watchPidArg, ttlArg) {
  const cluster = JSON.parse(clusterJson);
  const watchPid = Number(watchPidArg) || 0;
  const ttlMs = (Number(ttlArg) || 0) * 1000;
  const started = Date.now();
  // Detached from the caller's process group: Ctrl-C / SIGHUP of the caller must not kill us
  // before we have cleaned up.
  for (const sig of ['SIGINT', 'SIGHUP']) process.on(sig, () => {});
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    if (!fs.existsSync(cluster.dir)) return; // stopped normally
    const ownerGone = watchPid > 0 && !pidAlive(watchPid);
    const expired = ttlMs > 0 && Date.now() - started > ttlMs;
    if (ownerGone || expired) {
      stopClusterSync(cluster);
      return;
    }
  }
}

const liveClusters = new Set();
let exitHooksInstalled = false;

function installExitHooks() {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', () => {
    for (const c of liveClusters) stopClusterSync(c);
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    const onSignal = () => {
      for (const c of liveClusters) stopClusterSync(c);
      liveClusters.clear();
      // Behave as if we had not intercepted the signal, unless someone else also handles it.
      if (process.listenerCount(sig) === 1) {
        process.removeListener(sig, onSignal);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, onSignal);
  }
}

/**
 * Create and start a throwaway cluster.
 * @param {{ binDir?: string, log?: (msg: string) => void, watchPid?: number | null,
 *           ttlSeconds?: number, handleExit?: boolean }} [opts]
 *   watchPid: stop the cluster when this process is gone (default: this process; null = never).
 *   ttlSeconds: hard upper bound on the cluster's lifetime (default: none).
 *   handleExit: also stop on exit/SIGINT/SIGTERM/SIGHUP of this process (default: true).
 * @returns {Promise<{ url: string, port: number, dir: string, dataDir: string, binDir: string,
 *                     stop: () => Promise<void> }>}
 */
export async function startCluster(opts = {}) {
  const t0 = Date.now();
  const log = opts.log ?? (() => {});
  const binDir = opts.binDir ?? findPgBinDir();
  if (!binDir) {
    throw new Error('PostgreSQL binaries not found (looked in $LINGYAN_PG_BIN, /usr/lib/postgresql/*/bin, $PATH)');
  }
  const runAs = resolveRunAs();
  if (runAs && !isExecutable('/usr/sbin/runuser') && !isExecutable('/sbin/runuser') && !isExecutable('/usr/bin/runuser')) {
    throw new Error('running as root requires `runuser` (util-linux) to drop privileges for PostgreSQL');
  }

  // Short path: the unix socket path must stay under ~100 bytes.
  const base = process.platform === 'darwin' ? '/tmp' : os.tmpdir();
  const dir = fs.mkdtempSync(path.join(base, 'lingyan-pg-'));
  const cluster = {
    dir,
    dataDir: path.join(dir, 'data'),
    logFile: path.join(dir, 'postgres.log'),
    binDir,
    runAs,
    port: 0,
  };
  liveClusters.add(cluster);
  if (opts.handleExit !== false) installExitHooks();
  try {
    if (runAs) fs.chownSync(dir, runAs.uid, runAs.gid);

    const locale = pickLocale();
    const init = runPg(cluster, 'initdb', ['-D', cluster.dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', `--locale=${locale}`, '--no-sync']);
    if (!init.ok) throw new Error(`initdb failed (exit ${init.status}):\n${init.output}`);

    const settings = {
      listen_addresses: "'127.0.0.1'",
      unix_socket_directories: `'${dir.replaceAll("'", "''")}'`,
      max_connections: '300',
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      wal_level: 'minimal',
      max_wal_senders: '0',
      max_wal_size: '1GB',
      shared_buffers: '128MB',
      logging_collector: 'off',
    };
    fs.appendFileSync(
      path.join(cluster.dataDir, 'postgresql.conf'),
      `\n# lingyan test cluster\n${Object.entries(settings)
        .map(([k, v]) => `${k} = ${v}`)
        .join('\n')}\n`,
    );

    // Another process may grab the port between freePort() and bind(): retry a few times.
    let lastError = '';
    for (let attempt = 1; attempt <= 5; attempt++) {
      const port = await freePort();
      const r = runPg(cluster, 'pg_ctl', ['-D', cluster.dataDir, '-l', cluster.logFile, '-o', `-p ${port}`, '-w', '-t', '60', 'start'], { timeoutMs: 90_000 });
      if (r.ok) {
        cluster.port = port;
        break;
      }
      lastError = `pg_ctl start failed (exit ${r.status}):\n${r.output}\n--- postgres.log ---\n${tail(cluster.logFile)}`;
      if (!/could not (bind|create listen socket)|address already in use/i.test(lastError)) break;
      log(`port ${port} was taken, retrying`);
    }
    if (!cluster.port) throw new Error(lastError);

    const url = `postgres://postgres@127.0.0.1:${cluster.port}/postgres`;
    const watchPid = opts.watchPid === undefined ? process.pid : opts.watchPid;
    if (watchPid || opts.ttlSeconds) {
      cluster.watchdogPid = spawnWatchdog(cluster, { watchPid, ttlSeconds: opts.ttlSeconds });
    }
    log(`PostgreSQL cluster up at ${url} (${binDir}, ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    return {
      url,
      port: cluster.port,
      dir,
      dataDir: cluster.dataDir,
      binDir,
      cluster,
      stop: async () => {
        stopClusterSync(cluster);
        liveClusters.delete(cluster);
      },
    };
  } catch (err) {
    stopClusterSync(cluster);
    liveClusters.delete(cluster);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// CLI

function parseArgs(argv) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (!m) out._.push(a);
    else out[m[1]] = m[2] ?? argv[++i];
  }
  return out;
}

function readState(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

async function cli(argv) {
  const [cmd, ...rest] = argv;
  if (cmd === '__watchdog') return runWatchdog(...rest);
  const args = parseArgs(rest);
  const stateFile = path.resolve(args.state ?? DEFAULT_STATE_FILE);
  const err = (msg) => process.stderr.write(`pg-cluster: ${msg}\n`);

  if (cmd === 'start') {
    const prev = readState(stateFile);
    if (prev) {
      const alive = prev.cluster && pidAlive(postmasterPid(prev.cluster));
      if (alive) {
        err(`a cluster from ${stateFile} is still running at ${prev.url}; run "stop" first`);
        return 1;
      }
      stopClusterSync(prev.cluster);
      fs.rmSync(stateFile, { force: true });
    }
    const t0 = Date.now();
    const pg = await startCluster({
      log: err,
      handleExit: false,
      watchPid: args['watch-pid'] ? Number(args['watch-pid']) : null,
      ttlSeconds: args.ttl !== undefined ? Number(args.ttl) : CLI_DEFAULT_TTL_SECONDS,
    });
    fs.mkdirSync(path.dirname(stateFile), { recursive: true });
    fs.writeFileSync(
      stateFile,
      `${JSON.stringify({ url: pg.url, port: pg.port, dir: pg.dir, startedAt: new Date(t0).toISOString(), cluster: pg.cluster }, null, 2)}\n`,
    );
    process.stdout.write(`LINGYAN_TEST_PG_URL=${pg.url}\n`);
    return 0;
  }

  if (cmd === 'stop') {
    const state = readState(stateFile);
    if (!state) {
      err(`no cluster state in ${stateFile}; nothing to stop`);
      return 0;
    }
    const t0 = Date.now();
    stopClusterSync(state.cluster);
    if (state.cluster?.watchdogPid && pidAlive(state.cluster.watchdogPid)) {
      try {
        process.kill(state.cluster.watchdogPid, 'SIGTERM');
      } catch {
        // it exits by itself once the dir is gone
      }
    }
    fs.rmSync(stateFile, { force: true });
    err(`stopped cluster on port ${state.port} and removed ${state.dir} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    return 0;
  }

  if (cmd === 'status') {
    const state = readState(stateFile);
    const alive = state?.cluster && pidAlive(postmasterPid(state.cluster));
    if (!alive) {
      err(state ? `cluster from ${stateFile} is not running` : `no cluster state in ${stateFile}`);
      return 1;
    }
    process.stdout.write(`LINGYAN_TEST_PG_URL=${state.url}\n`);
    return 0;
  }

  err('usage: node scripts/pg-cluster.mjs start|stop|status [--state FILE] [--watch-pid PID] [--ttl SECONDS]');
  return 2;
}

if (process.argv[1] && path.resolve(process.argv[1]) === SELF) {
  cli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (e) => {
      process.stderr.write(`pg-cluster: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
