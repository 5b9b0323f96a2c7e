import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db } from './database.ts';

/**
 * A backup is a folder: the SQLite database (SQLite's online backup API, safe while the server
 * writes), the uploaded files, and a manifest with checksums. The master key stays out unless
 * asked for (`--with-key`): a backup that carries its own key protects nothing if it leaks.
 * PostgreSQL: the files and manifest are written here and the dump is pg_dump's job.
 */
export const BACKUP_FORMAT = 'lingyan-backup-1';
const DB_FILE = 'lingyan.sqlite';

export type BackupManifest = {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  engine: 'sqlite' | 'postgres';
  database: { file: string; bytes: number; sha256: string } | null;
  files: { count: number; bytes: number };
  key: boolean;
};

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function integrity(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

/** Copies a folder tree, returning how many files and bytes it held (nothing when it does not exist). */
function copyTree(from: string, to: string): { count: number; bytes: number } {
  const out = { count: 0, bytes: 0 };
  if (!fs.existsSync(from)) return out;
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const a = path.join(from, entry.name);
    const b = path.join(to, entry.name);
    if (entry.isDirectory()) {
      const sub = copyTree(a, b);
      out.count += sub.count;
      out.bytes += sub.bytes;
    } else if (entry.isFile()) {
      fs.copyFileSync(a, b, fs.constants.COPYFILE_EXCL);
      out.count += 1;
      out.bytes += fs.statSync(b).size;
    }
  }
  return out;
}

/** `pgDumpFile`: where the printed pg_dump command writes (default: lingyan.pgdump in the backup folder). */
export async function backupDataFolder(
  database: Db,
  dataDir: string,
  target: string,
  opts: { now: string; withKey: boolean; pgDumpFile?: string },
): Promise<string> {
  if (fs.existsSync(target)) throw new Error(`${target} exists already; choose a new folder name.`);
  fs.mkdirSync(target, { recursive: true });
  const lines: string[] = [];
  let dbPart: BackupManifest['database'] = null;
  if (database.engine === 'sqlite' && database.sqliteFile) {
    const file = path.join(target, DB_FILE);
    const source = new Database(database.sqliteFile, { readonly: true, fileMustExist: true });
    try {
      await source.backup(file);
    } finally {
      source.close();
    }
    const check = integrity(file);
    if (check !== 'ok') throw new Error(`The backup failed its integrity check: ${check}`);
    dbPart = { file: DB_FILE, bytes: fs.statSync(file).size, sha256: sha256(file) };
    lines.push(`Database: ${database.sqliteFile} → ${file} (${dbPart.bytes} bytes, integrity ok).`);
  } else {
    const dump = opts.pgDumpFile ?? path.join(target, 'lingyan.pgdump');
    lines.push(`PostgreSQL: dump the database into the same folder with\n  pg_dump --format=custom --file=${JSON.stringify(dump)} "$DATABASE_URL"`);
  }
  // Files are write-once under random names: copied after the database, the folder holds every file the copy refers to.
  const files = copyTree(path.join(dataDir, 'files'), path.join(target, 'files'));
  lines.push(`Files: ${files.count} (${files.bytes} bytes).`);
  if (opts.withKey) {
    copyTree(path.join(dataDir, 'keys'), path.join(target, 'keys'));
    lines.push('Key: the master key is in this backup — keep it as safe as the key itself.');
  } else {
    lines.push(`Key: not in this backup. Keep ${path.join(dataDir, 'keys', 'master.key')} (or LINGYAN_MASTER_KEY) safe separately; a restore needs it.`);
  }
  const manifest: BackupManifest = { format: BACKUP_FORMAT, createdAt: opts.now, engine: database.engine, database: dbPart, files, key: opts.withKey };
  fs.writeFileSync(path.join(target, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return lines.join('\n');
}

/**
 * Restores a backup folder into a data folder that has no database yet (never over live data):
 * checks the manifest, the checksum and the integrity of the database copy before copying.
 */
export function restoreDataFolder(source: string, dataDir: string, opts: { databaseUrl: string | null; pgDumpFile?: string }): string {
  const manifestFile = path.join(source, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new Error(`${source} is not a Lingyan backup (no manifest.json).`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as BackupManifest;
  if (manifest.format !== BACKUP_FORMAT) throw new Error(`Unknown backup format ${String(manifest.format)}.`);
  const lines: string[] = [];
  const filesDir = path.join(dataDir, 'files');
  if (fs.existsSync(filesDir) && fs.readdirSync(filesDir).length > 0) throw new Error(`${filesDir} is not empty; restore into a new, empty data folder.`);
  if (manifest.key && fs.existsSync(path.join(dataDir, 'keys', 'master.key')))
    throw new Error(`${dataDir} already has a master key; restore into a new, empty data folder.`);
  if (manifest.engine === 'sqlite') {
    if (opts.databaseUrl) throw new Error('This is a SQLite backup; unset DATABASE_URL to restore it.');
    const target = path.join(dataDir, DB_FILE);
    if (fs.existsSync(target)) throw new Error(`${dataDir} already has a database; restore into a new, empty data folder.`);
    const file = path.join(source, manifest.database!.file);
    if (sha256(file) !== manifest.database!.sha256) throw new Error('The backup database does not match its checksum; it was changed or damaged.');
    const check = integrity(file);
    if (check !== 'ok') throw new Error(`The backup database fails its integrity check: ${check}`);
    fs.mkdirSync(dataDir, { recursive: true });
    fs.copyFileSync(file, target, fs.constants.COPYFILE_EXCL);
    lines.push(`Database: ${file} → ${target}.`);
  } else {
    lines.push(
      `PostgreSQL: restore the dump into a new, empty database with\n  pg_restore --no-owner --exit-on-error --dbname="$DATABASE_URL" ${JSON.stringify(opts.pgDumpFile ?? path.join(source, 'lingyan.pgdump'))}`,
    );
  }
  const files = copyTree(path.join(source, 'files'), filesDir);
  if (files.count !== manifest.files.count) throw new Error(`The backup lists ${manifest.files.count} files but holds ${files.count}.`);
  lines.push(`Files: ${files.count} restored.`);
  if (manifest.key) {
    copyTree(path.join(source, 'keys'), path.join(dataDir, 'keys'));
    fs.chmodSync(path.join(dataDir, 'keys', 'master.key'), 0o600);
    lines.push('Key: restored from the backup.');
  } else {
    lines.push(
      `Key: put the master key of the backed-up installation at ${path.join(dataDir, 'keys', 'master.key')} (mode 600) or in LINGYAN_MASTER_KEY before starting.`,
    );
  }
  return lines.join('\n');
}
