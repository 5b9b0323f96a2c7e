import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, REPO_ROOT } from '../config.ts';
import { openRuntime } from '../runtime.ts';
import { seedDemo } from '../../seed/demo.ts';
import { DEMO_PASSWORD } from '../../test/harness.ts';
import { testEngine } from '../../test/test-database.ts';
import { folderChecksum, sqliteChecksum } from '../../test/backup-checksum.ts';
import { PNG_1X1 } from '../../modules/files/files.test-support.ts';
import { verifyAuditChain } from '../audit/audit.ts';
import { openDatabase } from './database.ts';
import { backupDataFolder, restoreDataFolder } from './backup.ts';
import { packFolder, unpackFile } from './backup-archive.ts';

const run = promisify(execFile);
const CLI = path.join(REPO_ROOT, 'apps/server/src/cli.ts');
const MAIN = path.join(REPO_ROOT, 'apps/server/src/main.ts');

/** The environment a person's shell would give: nothing vitest adds. */
function env(dataDir: string): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, LINGYAN_DATA_DIR: dataDir, LINGYAN_DEMO_PASSWORD: DEMO_PASSWORD, NO_COLOR: '1' };
  for (const k of Object.keys(e)) if (k.startsWith('VITEST') || k === 'NODE_ENV' || k === 'DATABASE_URL') delete e[k];
  return e;
}

const lingyan = async (dataDir: string, ...args: string[]) => {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', CLI, ...args], { env: env(dataDir), timeout: 120_000 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? 1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
};

type Server = { url: string; child: ChildProcess; stop(): Promise<void> };

/** The real server (main.ts) on a data folder, as its own process, on a free port of 127.0.0.1. */
async function startServer(dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...env(dataDir), PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 90_000);
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Lingyan listening on (http:\/\/[^\s]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return { url, child, stop };
}

async function signIn(url: string, username: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${res.status}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lingyan-backup-live-'));
const source = path.join(work, 'source');
let server: Server | null = null;

beforeAll(async () => {
  if (testEngine() !== 'sqlite') return;
  // Seeded in this process (quick, no synthetic registry); the server then keeps the data.
  const rt = await openRuntime(loadConfig({ LINGYAN_DATA_DIR: source }));
  await seedDemo(rt.ctx.db, DEMO_PASSWORD, new Date().toISOString(), { crypto: rt.ctx.crypto, registry: 'none' });
  await rt.close();
}, 120_000);
afterAll(async () => {
  await server?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

describe.runIf(testEngine() === 'sqlite')('backup <file.tar> and restore <file.tar> on SQLite', () => {
  it('a backup taken while the server takes writes restores whole and consistent; a quiet one restores identical', async () => {
    server = await startServer(source);
    const window = await signIn(server.url, 'tianshan-window');
    const acked: string[] = [];
    let writing = true;
    // Uploads write a row, an audit entry and a file: the three parts a backup must keep together.
    const writer = (async () => {
      for (let i = 0; writing || i < 3; i++) {
        const form = new FormData();
        form.append('file', new Blob([Buffer.concat([PNG_1X1, Buffer.from(`#${i}`)])], { type: 'image/png' }), `p${i}.png`);
        const res = await fetch(`${server!.url}/api/v1/files`, { method: 'POST', headers: { cookie: window.cookie, 'x-csrf-token': window.csrf }, body: form });
        expect(res.status).toBe(201);
        acked.push(((await res.json()) as { id: string }).id);
      }
    })();
    while (acked.length < 3) await new Promise((r) => setTimeout(r, 20));
    const ackedBefore = [...acked];
    const live = path.join(work, 'live.tar');
    const backup = await lingyan(source, 'backup', live, '--with-key');
    const ackedDuring = acked.length - ackedBefore.length;
    writing = false;
    await writer;
    expect(backup.code, backup.out).toBe(0);
    expect(backup.out).toContain('integrity ok');

    // Restored into a fresh folder: every write acknowledged before the backup began is there, and every file row has its bytes.
    const fresh = path.join(work, 'fresh-live');
    const restored = await lingyan(fresh, 'restore', live);
    expect(restored.code, restored.out).toBe(0);
    const db = new Database(path.join(fresh, 'lingyan.sqlite'), { readonly: true });
    const rows = db.prepare('select id, storage_name, sha256 from files').all() as Array<{ id: string; storage_name: string; sha256: string }>;
    db.close();
    const ids = new Set(rows.map((r) => r.id));
    for (const id of ackedBefore) expect(ids.has(id), `acknowledged upload ${id} missing`).toBe(true);
    const bytes = folderChecksum(path.join(fresh, 'files'));
    for (const r of rows) expect(bytes[r.storage_name], `file of ${r.id}`).toBe(r.sha256);
    // The restored copy opens with the restored key and its audit chain verifies.
    const rt = await openRuntime(loadConfig({ LINGYAN_DATA_DIR: fresh }));
    try {
      expect((await verifyAuditChain(rt.ctx.db, rt.ctx.crypto)).ok).toBe(true);
    } finally {
      await rt.close();
    }
    console.log(`[backup-live] ${ackedBefore.length} uploads before the backup, ${ackedDuring} while it ran; ${rows.length} in the restored copy`);

    // Quiet (the server stopped): a second backup, packed and unpacked, restores identical tables and files.
    await server.stop();
    const quiet = path.join(work, 'quiet');
    const src = openDatabase({ databaseUrl: null, sqliteFile: path.join(source, 'lingyan.sqlite') });
    try {
      await backupDataFolder(src, source, quiet, { now: new Date().toISOString(), withKey: true });
    } finally {
      await src.close();
    }
    packFolder(quiet, `${quiet}.tar`);
    unpackFile(`${quiet}.tar`, `${quiet}-unpacked`);
    const fresh2 = path.join(work, 'fresh-quiet');
    restoreDataFolder(`${quiet}-unpacked`, fresh2, { databaseUrl: null });
    expect(sqliteChecksum(path.join(fresh2, 'lingyan.sqlite'))).toEqual(sqliteChecksum(path.join(source, 'lingyan.sqlite')));
    expect(folderChecksum(path.join(fresh2, 'files'))).toEqual(folderChecksum(path.join(source, 'files')));
    expect(Object.keys(folderChecksum(path.join(fresh2, 'files'))).length).toBe(acked.length);

    // Over existing data, or from a cut archive, a restore is refused.
    expect(() => restoreDataFolder(`${quiet}-unpacked`, fresh2, { databaseUrl: null })).toThrow(/not empty|already has/);
    const cut = path.join(work, 'cut.tar');
    fs.writeFileSync(cut, fs.readFileSync(`${quiet}.tar`).subarray(0, 4096));
    expect(() => unpackFile(cut, path.join(work, 'cut'))).toThrow(/cut short/);
  }, 300_000);
});
