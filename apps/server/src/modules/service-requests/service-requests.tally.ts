import { sql, type Kysely, type Transaction } from 'kysely';
import { countFacts, type Rating } from '@lingyan/shared';
import type { DB, ServiceRequestDailyTable, ServiceRequestsTable } from '../../platform/db/schema.ts';
import { engineOf } from '../../platform/db/dialect.ts';

/**
 * The figures' running tally (service_request_daily), in one place: which counters a request
 * adds to, on which rows. Every write of a request's counted facts goes through here in the same
 * transaction — receiving (applyTally from nothing), every step (writeStep), the resident's online
 * rating, the demo seed and the test factory (tallyRows) — and the rebuild recomputes the table
 * from the requests with the same rule.
 *
 * A request adds to nine rows: for its org node and each ancestor on its path (community,
 * township, city: the figures of a node are then its own rows, whatever the number of requests
 * under it), on its received date (the China day the figures' periods are made of, as before),
 * one row for all items and channels ('*', '*'), one for its item and one for its channel.
 * A step moves a counter by the difference between what the request adds after and before it.
 */
export const ALL = '*';

/** The request columns the tally reads. */
export const TALLY_COLUMNS = [
  'org_id',
  'org_path',
  'received_date',
  'item_id',
  'channel',
  'state',
  'excluded',
  'response_clock',
  'completed_at',
  'completion_clock',
  'rating',
  'trips',
] as const satisfies readonly (keyof ServiceRequestsTable)[];

export type TallyRow = Pick<ServiceRequestsTable, (typeof TALLY_COLUMNS)[number]>;

export const COUNTERS = [
  'requests',
  'excluded',
  'counted',
  'responded_on_time',
  'completed',
  'resolved',
  'rated',
  'satisfied',
  'completed_on_time',
  'completed_one_trip',
] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counts = Record<Counter, number>;

const zero = (): Counts => ({
  requests: 0,
  excluded: 0,
  counted: 0,
  responded_on_time: 0,
  completed: 0,
  resolved: 0,
  rated: 0,
  satisfied: 0,
  completed_on_time: 0,
  completed_one_trip: 0,
});

/**
 * What one request adds to the counters; the drill-down lists define each number the same way.
 * requests: not excluded (by item and by channel count these, refused ones too); excluded: the
 * audited exclusion flag; counted: neither excluded nor refused — the figures' total; the rest are
 * figures.ts's countFacts of the counted request (responded on time, completed, resolved =
 * completed and not rated dissatisfied, rated, satisfied, completed on time, completed in at most
 * one trip).
 */
export function requestCounts(r: TallyRow): Counts {
  const c = zero();
  if (Number(r.excluded) === 1) {
    c.excluded = 1;
    return c;
  }
  c.requests = 1;
  if (r.state === 'refused') return c;
  const f = countFacts([
    {
      respondedOnTime: r.response_clock === null ? null : r.response_clock === 'on-time',
      completed: r.completed_at !== null,
      completedOnTime: r.completion_clock === null ? null : r.completion_clock === 'on-time',
      rating: r.rating as Rating | null,
      trips: Number(r.trips),
    },
  ]);
  c.counted = f.total;
  c.responded_on_time = f.respondedOnTime;
  c.completed = f.completed;
  c.resolved = f.resolved;
  c.rated = f.rated;
  c.satisfied = f.satisfied;
  c.completed_on_time = f.completedOnTime;
  c.completed_one_trip = f.completedOneTrip;
  return c;
}

type Key = Pick<ServiceRequestDailyTable, 'org_id' | 'item_id' | 'channel' | 'day'>;

/** The rows a request adds to: its node and every ancestor on its path, × all / its item / its channel. */
export function tallyKeys(r: TallyRow): Key[] {
  // org_path is /<id>/<id>/…/<org_id>/: the ancestors' ids are its segments.
  const nodes = r.org_path.split('/').filter(Boolean);
  if (nodes.at(-1) !== r.org_id) throw new Error(`request org ${r.org_id} is not the end of its path ${r.org_path}`);
  return nodes.flatMap((org_id) => [
    { org_id, item_id: ALL, channel: ALL, day: r.received_date },
    { org_id, item_id: r.item_id, channel: ALL, day: r.received_date },
    { org_id, item_id: ALL, channel: r.channel, day: r.received_date },
  ]);
}

const keyString = (k: Key) => `${k.org_id}|${k.item_id}|${k.channel}|${k.day}`;

const N = COUNTERS.length;
const countsVector = (c: Counts) => COUNTERS.map((name) => c[name]);

/** Sums of counters by row, built up from requests added (+1) and taken away (−1). */
export class Tally {
  /** By the request's own org node, day, item and channel; spread over the nine rows at the end. */
  private readonly leaves = new Map<string, { leaf: TallyRow; counts: number[] }>();

  add(r: TallyRow, sign: 1 | -1 = 1): this {
    const k = `${r.org_id}|${r.org_path}|${r.received_date}|${r.item_id}|${r.channel}`;
    let entry = this.leaves.get(k);
    if (!entry) this.leaves.set(k, (entry = { leaf: r, counts: new Array<number>(N).fill(0) }));
    const counts = countsVector(requestCounts(r));
    for (let i = 0; i < N; i++) entry.counts[i]! += sign * counts[i]!;
    return this;
  }

  /** The rows that move, in key order (so concurrent writers lock shared rows in the same order). */
  changed(): ServiceRequestDailyTable[] {
    const rows = new Map<string, { key: Key; counts: number[] }>();
    for (const { leaf, counts } of this.leaves.values()) {
      if (counts.every((n) => n === 0)) continue;
      for (const key of tallyKeys(leaf)) {
        const k = keyString(key);
        let row = rows.get(k);
        if (!row) rows.set(k, (row = { key, counts: new Array<number>(N).fill(0) }));
        for (let i = 0; i < N; i++) row.counts[i]! += counts[i]!;
      }
    }
    return [...rows.entries()]
      .filter(([, row]) => row.counts.some((n) => n !== 0))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, { key, counts }]) => {
        const row = { ...key } as ServiceRequestDailyTable;
        COUNTERS.forEach((c, i) => (row[c] = counts[i]!));
        return row;
      });
  }
}

/** The tally of requests as they are (the demo seed, the rebuild, the test factory). */
export function tallyRows(rows: Iterable<TallyRow>): Tally {
  const t = new Tally();
  for (const r of rows) t.add(r);
  return t;
}

/** What a change of a request moves: what it adds after, less what it added before (null: absent). */
export function tallyDelta(before: TallyRow | null, after: TallyRow | null): ServiceRequestDailyTable[] {
  const t = new Tally();
  if (before) t.add(before, -1);
  if (after) t.add(after, 1);
  return t.changed();
}

const CHUNK = 400;

/** Adds these amounts to the summary rows (upsert). */
export async function addToDaily(db: Kysely<DB>, rows: ServiceRequestDailyTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('service_request_daily')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc
          .columns(['org_id', 'item_id', 'channel', 'day'])
          .doUpdateSet(Object.fromEntries(COUNTERS.map((c) => [c, sql`${sql.ref(`service_request_daily.${c}`)} + ${sql.ref(`excluded.${c}`)}`]))),
      )
      .execute();
  }
}

/** Moves the summary by one request's change, in the caller's transaction. */
export async function applyTally(trx: Kysely<DB>, before: TallyRow | null, after: TallyRow | null): Promise<void> {
  await addToDaily(trx, tallyDelta(before, after));
}

/**
 * Writes one step's columns to a request and moves the summary by what changed, in the caller's
 * transaction. The counted facts before the step are read here, with the row locked on PostgreSQL
 * (SQLite has one writer), so the tally follows what is stored even if the step was worked out
 * from an older read. `fromState`: only if the request is still in that state (else 0 rows, no move).
 */
export async function writeStep(trx: Transaction<DB>, id: string, set: Partial<ServiceRequestsTable>, fromState?: string): Promise<number> {
  const q = trx.selectFrom('service_requests').select(TALLY_COLUMNS).where('id', '=', id);
  const before = await (engineOf(trx as unknown as Kysely<unknown>) === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
  if (!before || (fromState !== undefined && before.state !== fromState)) return 0;
  await trx.updateTable('service_requests').set(set).where('id', '=', id).execute();
  const after = { ...before };
  for (const c of TALLY_COLUMNS) if (set[c] !== undefined) (after as Record<string, unknown>)[c] = set[c];
  await applyTally(trx, before, after);
  return 1;
}

/**
 * Recomputes the whole summary from the requests (the migration that introduced it, and
 * `npm run lingyan -- stats rebuild`), one received day at a time, in one transaction.
 */
export async function rebuildDaily(db: Kysely<DB>): Promise<{ requests: number; rows: number }> {
  const run = async (trx: Kysely<DB>) => {
    await trx.deleteFrom('service_request_daily').execute();
    const days = await trx.selectFrom('service_requests').select('received_date').distinct().orderBy('received_date').execute();
    let requests = 0;
    let rows = 0;
    for (const { received_date } of days) {
      const day = await trx.selectFrom('service_requests').select(TALLY_COLUMNS).where('received_date', '=', received_date).execute();
      const changed = tallyRows(day).changed();
      await addToDaily(trx, changed);
      requests += day.length;
      rows += changed.length;
    }
    return { requests, rows };
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}
