// A throwaway PostgreSQL cluster (scripts/pg-cluster.mjs) that the crash loop can stop and start under a running server.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { REPO_ROOT } from '../../platform/config.ts';

type ClusterInfo = { dir: string; dataDir: string; logFile: string; binDir: string; runAs: { user: string } | null; port: number };
type Started = { url: string; cluster: ClusterInfo; stop(): Promise<void> };

export type PgControl = { url: string; databaseUrl: string; stop(): Promise<void>; start(): Promise<void>; destroy(): Promise<void> };

/** pg_ctl, as the unprivileged user when we are root (as scripts/pg-cluster.mjs runs it), without blocking the event loop. */
function pgCtl(c: ClusterInfo, args: string[]): Promise<void> {
  const exe = path.join(c.binDir, 'pg_ctl');
  const [cmd, argv] = c.runAs ? ['runuser', ['-u', c.runAs.user, '--', exe, ...args]] : [exe, args];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: c.dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C', LANG: 'C' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl ${args.at(-1)} failed (${code}): ${out}`))));
  });
}

type ClusterModule = { startCluster(o?: object): Promise<Started>; findPgBinDir(): string | null };
const clusterModule = async () => (await import(pathToFileURL(path.join(REPO_ROOT, 'scripts/pg-cluster.mjs')).href)) as ClusterModule;

/** Whether this machine can run a cluster of its own (initdb, pg_ctl, postgres). */
export async function hasPgBinaries(): Promise<boolean> {
  return (await clusterModule()).findPgBinDir() !== null;
}

/** Starts a cluster of its own and creates one database in it. */
export async function startPgControl(): Promise<PgControl> {
  const started = await (await clusterModule()).startCluster();
  const c = started.cluster;
  const admin = new pg.Client({ connectionString: started.url });
  await admin.connect();
  await admin.query('create database lingyan_crash');
  await admin.end();
  return {
    url: started.url,
    databaseUrl: started.url.replace(/\/postgres$/, '/lingyan_crash'),
    // A fast shutdown: open connections are cut, as in a real restart of the database server.
    stop: () => pgCtl(c, ['-D', c.dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']),
    start: () => pgCtl(c, ['-D', c.dataDir, '-l', c.logFile, '-o', `-p ${c.port}`, '-w', '-t', '60', 'start']),
    destroy: () => started.stop(),
  };
}
