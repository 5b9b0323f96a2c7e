import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { ERROR_STATUS } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import type { Operation } from './openapi.ts';
import { opName } from './openapi.ts';
import { createRng } from './prng.ts';
import type { IdPool } from './ids.ts';
import { generateRequest, type FuzzRequest } from './generate.ts';
import { changedTables, databaseChecksum, type Checksum } from './checksum.ts';

export type Session = { name: string; cookie: string | null; csrfToken: string | null };
export type Sent = { index: number; op: Operation; actor: Session; req: FuzzRequest; status: number; body: string };
export type FuzzReport = {
  requests: number;
  statuses: Map<number, number>;
  serverErrors: Sent[];
  uncoded: Sent[];
  /** Rejected requests after which the database was not what it had been. */
  writes: { sent: Sent; tables: string[] }[];
  accepted: Sent[];
  checksums: number;
};

export type RunOptions = {
  app: FastifyInstance;
  db: Kysely<DB>;
  seed: number;
  requests: number;
  ops: Operation[];
  /** The sessions that may call each operation (by opName); others are tried now and then. */
  relevant: Map<string, Session[]>;
  everyone: Session[];
  ids: IdPool;
  engine: 'sqlite' | 'postgres';
  /** Called after an accepted request that wrote: waits for work it started in the background, renews lost sessions. */
  settle(): Promise<void>;
  /** Only these request numbers (a replay of a failure), when given. */
  only?: Set<number>;
  batch?: number;
};

const CODES = new Set(Object.keys(ERROR_STATUS));

/** The request's own generator: request `index` of a seed is the same whatever ran before it. */
export function requestFor(opts: Pick<RunOptions, 'seed' | 'ops' | 'relevant' | 'everyone' | 'ids'>, index: number) {
  const rng = createRng((opts.seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const op = opts.ops[index % opts.ops.length]!;
  const relevant = opts.relevant.get(opName(op)) ?? [];
  // Signing out ends the session under test, so it is fuzzed only by the sessions named for it.
  const onlyRelevant = opName(op) === 'POST /api/v1/auth/logout';
  const actor = relevant.length && (onlyRelevant || rng.chance(0.85)) ? rng.pick(relevant) : rng.pick(opts.everyone);
  return { op, actor, req: generateRequest(op, rng, opts.ids) };
}

function send(app: FastifyInstance, actor: Session, req: FuzzRequest): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  if (actor.cookie) headers.cookie = actor.cookie;
  if (actor.csrfToken) headers['x-csrf-token'] = actor.csrfToken;
  if (req.contentType) headers['content-type'] = req.contentType;
  return app.inject({ method: req.method as 'GET', url: req.url, headers, ...(req.payload !== undefined ? { payload: req.payload } : {}) });
}

function coded(body: string): boolean {
  try {
    const e = (JSON.parse(body) as { error?: { code?: unknown; message?: unknown } }).error;
    return typeof e?.code === 'string' && CODES.has(e.code) && typeof e.message === 'string' && e.message.length > 0;
  } catch {
    return false;
  }
}

/**
 * Sends the requests one by one. Around each, a cheap write mark (SQLite's count of changed rows
 * on its one connection, PostgreSQL's WAL position) tells whether anything was written; only then
 * is the whole database checksummed, and a rejected request that changed it is named. A full
 * checksum every `batch` requests also catches a write the mark could miss.
 */
export async function runFuzz(opts: RunOptions): Promise<FuzzReport> {
  const report: FuzzReport = { requests: 0, statuses: new Map(), serverErrors: [], uncoded: [], writes: [], accepted: [], checksums: 0 };
  const batchSize = opts.batch ?? 500;
  const debug = process.env.LINGYAN_FUZZ_DEBUG === '1';
  const checksum = async () => {
    report.checksums++;
    return databaseChecksum(opts.db);
  };
  const fire = async (index: number, op: Operation, actor: Session, req: FuzzRequest): Promise<Sent> => {
    const t0 = Date.now();
    const res = await send(opts.app, actor, req);
    if (debug) console.log(`took ${Date.now() - t0} ms #${index} ${opName(op)} | ${req.mutation.slice(0, 60)} → ${res.statusCode}`);
    report.requests++;
    report.statuses.set(res.statusCode, (report.statuses.get(res.statusCode) ?? 0) + 1);
    const sent = { index, op, actor, req, status: res.statusCode, body: res.body.slice(0, 400) };
    if (res.statusCode >= 500) report.serverErrors.push(sent);
    else if (res.statusCode >= 400 && !coded(res.body)) report.uncoded.push(sent);
    else if (res.statusCode < 400) report.accepted.push(sent);
    return sent;
  };

  let before: Checksum = await checksum();
  // The mark after one request is the mark before the next: one cheap query per request.
  let mark = await writeMark(opts.db, opts.engine);
  let since = 0;
  let firstOfBatch = 0;
  const indexes = opts.only ? [...opts.only].sort((a, b) => a - b) : Array.from({ length: opts.requests }, (_, i) => i);
  for (let k = 0; k < indexes.length; k++) {
    const { op, actor, req } = requestFor(opts, indexes[k]!);
    const sent = await fire(indexes[k]!, op, actor, req);
    const now = await writeMark(opts.db, opts.engine);
    const moved = now !== mark;
    mark = now;
    if (moved) {
      const after = await checksum();
      if (sent.status >= 400 && after.total !== before.total) report.writes.push({ sent, tables: changedTables(before, after) });
      // An accepted request may go on in the background (an import) or end a session (a password reset).
      if (sent.status < 400) await opts.settle();
      before = sent.status < 400 ? await checksum() : after;
      mark = await writeMark(opts.db, opts.engine);
      since = 0;
      firstOfBatch = indexes[k + 1] ?? 0;
      continue;
    }
    if (++since < batchSize && k < indexes.length - 1) continue;
    const after = await checksum();
    if (after.total !== before.total) {
      report.writes.push({ sent, tables: [`(unmarked, between #${firstOfBatch} and #${sent.index}: ${changedTables(before, after).join(', ')})`] });
    }
    before = after;
    since = 0;
    firstOfBatch = indexes[k + 1] ?? 0;
  }
  return report;
}

/** Moves whenever anything is written: SQLite's changed-row count (one connection), PostgreSQL's WAL position. */
async function writeMark(db: Kysely<DB>, engine: 'sqlite' | 'postgres'): Promise<string> {
  const q = engine === 'sqlite' ? sql<{ m: unknown }>`select total_changes() as m` : sql<{ m: unknown }>`select pg_current_wal_insert_lsn()::text as m`;
  return String((await q.execute(db)).rows[0]!.m);
}

/** One line that lets anyone send the same request again. */
export function describeSent(seed: number, s: Sent): string {
  const body =
    s.req.payload === undefined ? '' : ` body=${s.req.payload.length > 200 ? `${s.req.payload.slice(0, 200)}…(${s.req.payload.length} chars)` : s.req.payload}`;
  const url = s.req.url.length > 300 ? `${s.req.url.slice(0, 300)}…(${s.req.url.length} chars)` : s.req.url;
  return (
    `LINGYAN_FUZZ_SEED=${seed} LINGYAN_FUZZ_ONLY=${s.index} — ${opName(s.op)} as ${s.actor.name}: ${s.req.method} ${url}${body}` +
    ` [${s.req.mutation}] → ${s.status} ${s.body.slice(0, 200)}`
  );
}
