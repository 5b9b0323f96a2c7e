import type { Permission } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import { chinaDate, type Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { loadOrgFor } from '../../platform/policy/org-filter.ts';
import { attachFiles } from '../files/files.commands.ts';
import { findNoticeRow } from './notices.repo.ts';

const SENDER_KINDS = ['township', 'community', 'village'];

/**
 * The grid workers of every grid below a node today: users whose current assignment at a grid
 * grants notice:acknowledge (a role's permissions are data, so this follows the roles table).
 */
async function gridWorkersBelow(ctx: AppContext, orgPath: string, today: string) {
  const rows = await ctx.db
    .selectFrom('assignments as a')
    .innerJoin('org_nodes as g', 'g.id', 'a.org_id')
    .innerJoin('roles as r', 'r.code', 'a.role')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.user_id', 'g.id as grid_id', 'g.path as grid_path', 'r.permissions'])
    .where('g.kind', '=', 'grid')
    .where('g.path', 'like', `${orgPath}%`)
    .where('u.status', '=', 'active')
    .where((eb) => eb.or([eb('a.valid_from', 'is', null), eb('a.valid_from', '<=', today)]))
    .where((eb) => eb.or([eb('a.valid_to', 'is', null), eb('a.valid_to', '>=', today)]))
    .orderBy('g.path')
    .execute();
  const seen = new Set<string>();
  return rows.filter((r) => {
    if (!(JSON.parse(r.permissions) as Permission[]).includes('notice:acknowledge') || seen.has(r.user_id)) return false;
    seen.add(r.user_id);
    return true;
  });
}

export type SendNoticeInput = { orgId: string; title: string; body: string; attachmentIds: string[] };

/** Sends an emergency notice to every grid worker below a township or community. */
export async function sendNotice(ctx: AppContext, audit: AuditContext, actor: Actor, input: SendNoticeInput): Promise<string> {
  const org = await loadOrgFor(ctx.db, actor, input.orgId, 'notice:send');
  if (!SENDER_KINDS.includes(org.kind)) throw new AppError('NOTICE_NO_GRIDS');
  const now = ctx.clock.now();
  const workers = await gridWorkersBelow(ctx, org.path, chinaDate(now));
  if (workers.length === 0) throw new AppError('NOTICE_NO_GRIDS');
  const id = newId();
  const at = now.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('notices')
      .values({ id, title: input.title, body: input.body, sender_org_id: org.id, sender_org_path: org.path, created_by: actor.userId, created_at: at })
      .execute();
    for (let i = 0; i < workers.length; i += 200) {
      await trx
        .insertInto('notice_recipients')
        .values(
          workers
            .slice(i, i + 200)
            .map((w) => ({ id: newId(), notice_id: id, user_id: w.user_id, grid_id: w.grid_id, grid_path: w.grid_path, acknowledged_at: null })),
        )
        .execute();
    }
    await attachFiles(trx, actor, input.attachmentIds, { type: 'notice', id, orgPath: org.path });
    await ctx.audit(trx, audit, {
      action: 'notice.send',
      targetType: 'notice',
      targetId: id,
      orgId: org.id,
      details: { recipients: workers.length, attachments: input.attachmentIds.length },
    });
  });
  return id;
}

/** A recipient acknowledges a notice, once (409 after that); others: 404 when they cannot see it, 403 otherwise. */
export async function acknowledgeNotice(ctx: AppContext, audit: AuditContext, actor: Actor, id: string): Promise<void> {
  const row = await findNoticeRow(ctx.db, actor, id);
  if (!row) throw new AppError('NOTICE_NOT_FOUND');
  if (row.my_id === null) throw new AppError('FORBIDDEN');
  if (row.my_ack !== null) throw new AppError('NOTICE_STATE', { state: 'notice.state.acknowledged' }, { state: 'acknowledged' });
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('notice_recipients')
      .set({ acknowledged_at: at })
      .where('id', '=', row.my_id!)
      .where('acknowledged_at', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError('NOTICE_STATE', { state: 'notice.state.acknowledged' }, { state: 'acknowledged' });
    await ctx.audit(trx, audit, { action: 'notice.acknowledge', targetType: 'notice', targetId: id, orgId: row.sender_org_id });
  });
}
