import type { Kysely, Transaction } from 'kysely';
import type { AuditOutcome } from '@lingyan/shared';
import type { DB, AuditLogTable } from '../db/schema.ts';
import type { CryptoProvider } from '../crypto/provider.ts';
import type { Clock } from '../clock.ts';
import type { Engine } from '../db/dialect.ts';

/** Who is acting and through which request; built once per request. */
export type AuditContext = { actorId: string | null; actorName: string | null; requestId: string | null; ip: string | null };

export type AuditEvent = {
  action: string;
  outcome?: AuditOutcome;
  targetType?: string | null;
  targetId?: string | null;
  orgId?: string | null;
  /** Never personal data values: names of fields, reasons, counts. */
  details?: Record<string, unknown> | null;
};

export const GENESIS_HASH = 'genesis';

type ChainFields = Omit<AuditLogTable, 'hash'>;

/** The exact text the MAC covers; changing any field of a row changes it. */
export function chainText(r: ChainFields): string {
  return JSON.stringify([
    r.seq,
    r.at,
    r.actor_id,
    r.actor_name,
    r.action,
    r.target_type,
    r.target_id,
    r.org_id,
    r.outcome,
    r.request_id,
    r.ip,
    r.details,
    r.prev_hash,
  ]);
}

export type AuditWriter = (db: Kysely<DB> | Transaction<DB>, ctx: AuditContext, event: AuditEvent) => Promise<number>;

/**
 * Appends one row to the hash chain. Call it inside the transaction of the write it records,
 * so both land or neither does; the head row lock serialises writers across processes.
 */
export function createAuditWriter(crypto: CryptoProvider, clock: Clock, engine: Engine): AuditWriter {
  const append = async (trx: Transaction<DB>, ctx: AuditContext, event: AuditEvent): Promise<number> => {
    const q = trx.selectFrom('audit_head').selectAll().where('id', '=', 1);
    // SQLite has one writer at a time already; PostgreSQL needs the row lock.
    const lockHead = () => (engine === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
    let head = await lockHead();
    if (!head) {
      // The first writes of a new database race to create the head: one inserts it, the others
      // wait on its key, then all take the row lock in turn (a plain insert failed the losers).
      await trx
        .insertInto('audit_head')
        .values({ id: 1, seq: 0, hash: GENESIS_HASH })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      head = await lockHead();
      if (!head) throw new Error('audit_head is missing after creating it');
    }
    const row: ChainFields = {
      seq: Number(head.seq) + 1,
      at: clock.now().toISOString(),
      actor_id: ctx.actorId,
      actor_name: ctx.actorName,
      action: event.action,
      target_type: event.targetType ?? null,
      target_id: event.targetId ?? null,
      org_id: event.orgId ?? null,
      outcome: event.outcome ?? 'success',
      request_id: ctx.requestId,
      ip: ctx.ip,
      details: event.details ? JSON.stringify(event.details) : null,
      prev_hash: head.hash,
    };
    const hash = crypto.mac(chainText(row));
    await trx
      .insertInto('audit_log')
      .values({ ...row, hash })
      .execute();
    await trx.updateTable('audit_head').set({ seq: row.seq, hash }).where('id', '=', 1).execute();
    return row.seq;
  };
  return (db, ctx, event) => (db.isTransaction ? append(db as Transaction<DB>, ctx, event) : db.transaction().execute((trx) => append(trx, ctx, event)));
}

export type ChainReport = { ok: true; rows: number } | { ok: false; rows: number; brokenAt: number; reason: string };

/** Walks the whole chain in order and reports the first broken link. */
export async function verifyAuditChain(db: Kysely<DB>, crypto: CryptoProvider, batch = 5000): Promise<ChainReport> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let rows = 0;
  for (;;) {
    const page = await db.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(batch).execute();
    for (const r of page) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) return { ok: false, rows, brokenAt: expectedSeq, reason: `row ${expectedSeq} is missing` };
      if (r.prev_hash !== prevHash) return { ok: false, rows, brokenAt: seq, reason: `row ${seq} does not link to row ${seq - 1}` };
      if (!crypto.verifyMac(chainText({ ...r, seq }), r.hash)) return { ok: false, rows, brokenAt: seq, reason: `row ${seq} was altered` };
      prevHash = r.hash;
      expectedSeq += 1;
      rows += 1;
    }
    if (page.length < batch) break;
  }
  const head = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst();
  const headSeq = head ? Number(head.seq) : 0;
  if (headSeq !== rows || (head && head.hash !== prevHash)) {
    return { ok: false, rows, brokenAt: rows + 1, reason: `the chain ends at row ${rows} but its head says ${headSeq}: rows were removed` };
  }
  return { ok: true, rows };
}
