// A PostgreSQL server for the benchmarks and the soak: the one given in the environment, or a
// throwaway cluster from scripts/pg-cluster.mjs; each user gets its own fresh database.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startCluster } from '../../scripts/pg-cluster.mjs';

export interface PgServer {
  /** URL of the server's `postgres` database (for create/drop database). */
  url: string;
  /** Creates an empty database and returns its URL; dropped by stop(). */
  freshDatabase(prefix: string): Promise<string>;
  stop(): Promise<void>;
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** `given` (e.g. LINGYAN_BENCH_PG_URL) wins; otherwise a cluster is started and removed on stop(). */
export async function openPgServer(given: string | undefined, log: (m: string) => void): Promise<PgServer> {
  const cluster = given ? null : await startCluster({ log });
  const url = given ?? cluster!.url;
  const created: string[] = [];
  return {
    url,
    async freshDatabase(prefix) {
      const name = `${prefix}_${randomBytes(5).toString('hex')}`;
      await admin(url, `create database ${name}`);
      created.push(name);
      const u = new URL(url);
      u.pathname = `/${name}`;
      return u.toString();
    },
    async stop() {
      if (cluster) return cluster.stop();
      for (const name of created.splice(0)) await admin(url, `drop database if exists ${name} with (force)`);
    },
  };
}
