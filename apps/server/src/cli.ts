import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from './platform/config.ts';
import { openRuntime, type Runtime } from './platform/runtime.ts';
import { verifyAuditChain } from './platform/audit/audit.ts';
import { isEmpty, seedDemo, SHAWAN_CODE } from './seed/demo.ts';
import { seedOrgTree } from './seed/org-tree.ts';
import { generateDemoPassword } from './platform/runtime.ts';
import { createAdmin } from './seed/create-admin.ts';
import os from 'node:os';
import { backupDataFolder, restoreDataFolder } from './platform/db/backup.ts';
import { isArchivePath, packFolder, unpackFile } from './platform/db/backup-archive.ts';
import { rebuildDaily } from './modules/service-requests/service-requests.tally.ts';

const HELP = `Usage: npm run lingyan -- <command>

  migrate                     bring the database to the latest schema
  seed --demo                 seed the Shawan demo (org tree and demo accounts) into an empty database
  seed --tree <county code>   seed only a county-level city's org tree (e.g. 654203)
  create-admin <username> [--password <pw>] [--role system-admin|security-admin|auditor|city-admin]
                              create an administrator at the root of the tree (password from
                              --password or LINGYAN_ADMIN_PASSWORD; must be changed at first sign-in)
  audit verify                check the audit log's hash chain; exit 1 at the first broken link
  backup <file.tar|folder> [--with-key]
                              write a backup while the server runs: the SQLite database, the
                              uploaded files and a manifest with checksums (PostgreSQL: files and
                              manifest, and the pg_dump command for the database); the master key
                              only with --with-key. A name ending in .tar gives one file (a plain
                              tar archive), any other name a folder
  restore <file.tar|folder>   restore a backup into LINGYAN_DATA_DIR, which must not have a
                              database yet (checks checksums and integrity first)
  stats rebuild               recompute the service-hall figures' running tally from the requests

Environment: LINGYAN_DATA_DIR, DATABASE_URL, LINGYAN_MASTER_KEY, LINGYAN_CRYPTO (see README).`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function run(args: string[], rt: Runtime): Promise<number> {
  const [command, sub] = args;
  const { ctx } = rt;
  const now = ctx.clock.now().toISOString();
  switch (command) {
    case 'migrate':
      console.log(rt.migrated.length ? `Applied: ${rt.migrated.join(', ')}` : 'The database is up to date.');
      return 0;
    case 'seed': {
      if (!(await isEmpty(ctx.db))) {
        console.error('The database already has an org tree; seeding is only for an empty database.');
        return 1;
      }
      const tree = flag(args, '--tree');
      if (tree) {
        const seeded = await seedOrgTree(ctx.db, tree, now);
        console.log(`Seeded ${seeded.byCode.size} org nodes under ${tree}.`);
        return 0;
      }
      if (!args.includes('--demo')) break;
      const password = ctx.config.demoPassword ?? generateDemoPassword();
      await seedDemo(ctx.db, password, now, { crypto: ctx.crypto });
      console.log(`Seeded the Shawan demo (${SHAWAN_CODE}). Demo password: ${password}`);
      return 0;
    }
    case 'create-admin': {
      const username = sub;
      const password = flag(args, '--password') ?? process.env.LINGYAN_ADMIN_PASSWORD;
      if (!username || !password) {
        console.error('create-admin needs a username and a password (--password or LINGYAN_ADMIN_PASSWORD).');
        return 2;
      }
      const message = await createAdmin(ctx, username, password, flag(args, '--role') ?? 'system-admin');
      console.log(message);
      return 0;
    }
    case 'audit': {
      if (sub !== 'verify') break;
      const report = await verifyAuditChain(ctx.db, ctx.crypto);
      if (report.ok) {
        console.log(`Audit chain intact: ${report.rows} rows verified.`);
        return 0;
      }
      console.error(`Audit chain BROKEN at row ${report.brokenAt}: ${report.reason} (${report.rows} rows verified before it).`);
      return 1;
    }
    case 'stats': {
      if (sub !== 'rebuild') break;
      const started = performance.now();
      const result = await rebuildDaily(ctx.db);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`Rebuilt the figures' tally: ${result.requests} requests, ${result.rows} rows in ${seconds} s.`);
      return 0;
    }
    case 'backup': {
      if (!sub) break;
      const target = path.resolve(sub);
      const opts = { now, withKey: args.includes('--with-key') };
      if (!isArchivePath(target)) {
        console.log(await backupDataFolder(rt.database, ctx.config.dataDir, target, opts));
        return 0;
      }
      if (fs.existsSync(target)) throw new Error(`${target} exists already; choose a new file name.`);
      // Written as a folder beside the file, then packed: the file appears only when whole.
      const work = fs.mkdtempSync(path.join(path.dirname(target), '.lingyan-backup-'));
      try {
        const pgDumpFile = target.replace(/\.tar$/i, '.pgdump');
        const result = await backupDataFolder(rt.database, ctx.config.dataDir, path.join(work, 'backup'), { ...opts, pgDumpFile });
        packFolder(path.join(work, 'backup'), `${target}.partial`);
        fs.renameSync(`${target}.partial`, target);
        console.log(`${result}\nArchive: ${target} (${fs.statSync(target).size} bytes).`);
      } finally {
        fs.rmSync(work, { recursive: true, force: true });
        fs.rmSync(`${target}.partial`, { force: true });
      }
      return 0;
    }
  }
  console.log(HELP);
  return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
}

const args = process.argv.slice(2);
if (args.length === 0 || args[0] === 'help' || args[0] === '--help') {
  console.log(HELP);
  process.exit(0);
}
const config = loadConfig();
// Restore writes into a data folder with no database yet: opening the runtime would create one.
if (args[0] === 'restore' && args[1]) {
  const source = path.resolve(args[1]);
  const unpacked = fs.existsSync(source) && fs.statSync(source).isFile() ? fs.mkdtempSync(path.join(os.tmpdir(), 'lingyan-restore-')) : null;
  let restored = 1;
  try {
    if (unpacked) unpackFile(source, unpacked);
    const pgDumpFile = unpacked ? source.replace(/\.tar$/i, '.pgdump') : undefined;
    console.log(restoreDataFolder(unpacked ?? source, config.dataDir, { databaseUrl: config.databaseUrl, pgDumpFile }));
    restored = 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
  } finally {
    if (unpacked) fs.rmSync(unpacked, { recursive: true, force: true });
  }
  process.exit(restored);
}
fs.mkdirSync(config.dataDir, { recursive: true });
const runtime = await openRuntime(config);
let code = 1;
try {
  code = await run(args, runtime);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
} finally {
  await runtime.close();
}
process.exit(code);
