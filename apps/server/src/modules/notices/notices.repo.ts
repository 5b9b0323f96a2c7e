import { sql, type Kysely } from 'kysely';
import type { Notice, NoticeRecipient } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { can } from '../../platform/policy/policy.ts';
import { inScope } from '../../platform/policy/scope.ts';
import { filesOf } from '../files/files.commands.ts';

const columns = [
  'n.id',
  'n.title',
  'n.body',
  'n.sender_org_id',
  'n.sender_org_path',
  'n.created_at',
  'o.name as sender_org_name',
  'u.display_name as created_by_name',
] as const;

/** Notices the actor sent (notice:send over the sending node) or received. */
function baseQuery(db: Kysely<DB>, actor: Actor) {
  return db
    .selectFrom('notices as n')
    .innerJoin('org_nodes as o', 'o.id', 'n.sender_org_id')
    .innerJoin('users as u', 'u.id', 'n.created_by')
    .leftJoin('notice_recipients as me', (j) => j.onRef('me.notice_id', '=', 'n.id').on('me.user_id', '=', actor.userId))
    .where((eb) => eb.or([inScope(eb, 'n.sender_org_path', actor, 'notice:send'), eb('me.id', 'is not', null)]));
}

export type NoticeRow = NonNullable<Awaited<ReturnType<typeof findNoticeRow>>>;

export function findNoticeRow(db: Kysely<DB>, actor: Actor, id: string) {
  return baseQuery(db, actor)
    .select([...columns, 'me.id as my_id', 'me.acknowledged_at as my_ack'])
    .where('n.id', '=', id)
    .executeTakeFirst();
}

export const isSenderSide = (actor: Actor, row: { sender_org_path: string }) => can(actor, 'notice:send', row.sender_org_path);

async function counts(db: Kysely<DB>, ids: string[]) {
  if (ids.length === 0) return new Map<string, { recipients: number; acknowledged: number }>();
  const rows = await db
    .selectFrom('notice_recipients')
    .select(['notice_id', sql<number>`count(*)`.as('recipients'), sql<number>`count(acknowledged_at)`.as('acknowledged')])
    .where('notice_id', 'in', ids)
    .groupBy('notice_id')
    .execute();
  return new Map(rows.map((r) => [r.notice_id, { recipients: Number(r.recipients), acknowledged: Number(r.acknowledged) }]));
}

function present(actor: Actor, row: NoticeRow, c: { recipients: number; acknowledged: number } | undefined): Notice {
  const isRecipient = row.my_id !== null;
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    senderOrgId: row.sender_org_id,
    senderOrgName: row.sender_org_name,
    createdByName: row.created_by_name,
    createdAt: row.created_at,
    recipients: c?.recipients ?? 0,
    acknowledged: c?.acknowledged ?? 0,
    myAcknowledgedAt: row.my_ack,
    isRecipient,
    abilities: isRecipient && row.my_ack === null && can(actor, 'notice:acknowledge') ? ['acknowledge'] : [],
  };
}

export async function listNotices(db: Kysely<DB>, actor: Actor, filter: { pending?: boolean }, page: { page: number; pageSize: number }) {
  let q = baseQuery(db, actor);
  if (filter.pending) q = q.where('me.id', 'is not', null).where('me.acknowledged_at', 'is', null);
  const [{ total }] = (await q.select(sql<number>`count(*)`.as('total')).execute()) as [{ total: number }];
  const rows = await q
    .select([...columns, 'me.id as my_id', 'me.acknowledged_at as my_ack'])
    // What still waits for the caller comes first, then the newest.
    .orderBy(sql`case when me.id is not null and me.acknowledged_at is null then 0 else 1 end`)
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute();
  const c = await counts(
    db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => present(actor, r, c.get(r.id))), total: Number(total), page: page.page, pageSize: page.pageSize };
}

/** The sender's side sees every recipient (who has not acknowledged first); a recipient only their own row. */
export async function noticeDetail(db: Kysely<DB>, actor: Actor, row: NoticeRow) {
  let q = db
    .selectFrom('notice_recipients as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .innerJoin('org_nodes as g', 'g.id', 'r.grid_id')
    .select(['r.user_id', 'u.display_name', 'r.grid_id', 'g.name', 'g.code', 'r.acknowledged_at'])
    .where('r.notice_id', '=', row.id);
  if (!isSenderSide(actor, row)) q = q.where('r.user_id', '=', actor.userId);
  const recipients = await q
    .orderBy(sql`case when r.acknowledged_at is null then 0 else 1 end`)
    .orderBy('g.code')
    .orderBy('u.display_name')
    .execute();
  const [c, files] = await Promise.all([counts(db, [row.id]), filesOf(db, 'notice', [row.id])]);
  const recipientList: NoticeRecipient[] = recipients.map((r) => ({
    userId: r.user_id,
    displayName: r.display_name,
    gridId: r.grid_id,
    gridName: r.name,
    acknowledgedAt: r.acknowledged_at,
  }));
  return { ...present(actor, row, c.get(row.id)), attachments: files.get(row.id) ?? [], recipientList };
}
