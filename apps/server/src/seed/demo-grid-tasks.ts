import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { newId } from '../platform/ids.ts';
import type { SeededTree } from './org-tree.ts';

const DAY = 86_400_000;
const TIANSHAN = '654203002009';
const TUANJIE = '654203002';

const shift = (now: string, days: number, hours = 0) => new Date(Date.parse(now) + days * DAY + hours * 3_600_000).toISOString();
const chinaDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * Demo tasks sent down to grids and emergency notices: a task of 天山路社区 in progress with some
 * grids done (not the first grid, so tianshan-grid1 has one to report), a closed task of 团结街道,
 * a notice every grid worker acknowledged and one still waiting for some (tianshan-grid1 among them).
 */
export async function seedDemoGridTasks(db: Kysely<DB>, tree: SeededTree, now: string): Promise<void> {
  const node = (code: string) => {
    const n = tree.byCode.get(code);
    if (!n) throw new Error(`demo-grid-tasks: ${code} is missing`);
    return n;
  };
  const users = new Map(
    (await db.selectFrom('users').select(['id', 'username']).where('username', 'in', ['tianshan', 'tuanjie']).execute()).map((u) => [u.username, u.id]),
  );
  const grids = async (path: string) =>
    db.selectFrom('org_nodes').select(['id', 'path', 'code']).where('kind', '=', 'grid').where('path', 'like', `${path}%`).orderBy('code').execute();
  // The grid workers of each grid (the demo's accounts, and those of the grids' people when seeded).
  const workers = await db
    .selectFrom('assignments as a')
    .innerJoin('org_nodes as g', 'g.id', 'a.org_id')
    .select(['a.user_id', 'g.id as grid_id', 'g.path as grid_path', 'g.code'])
    .where('a.role', '=', 'grid-worker')
    .where('g.kind', '=', 'grid')
    .where('g.path', 'like', `${node(TUANJIE).path}%`)
    .orderBy('g.code')
    .orderBy('a.user_id')
    .execute();
  const workerOf = new Map<string, string>();
  for (const w of workers) if (!workerOf.has(w.grid_id)) workerOf.set(w.grid_id, w.user_id);

  // Read before the transaction: SQLite has one connection.
  const gridsOf = new Map([
    [TIANSHAN, await grids(node(TIANSHAN).path)],
    [TUANJIE, await grids(node(TUANJIE).path)],
  ]);
  await db.transaction().execute(async (trx) => {
    const task = async (p: {
      org: string;
      by: string;
      title: string;
      description: string;
      sentDaysAgo: number;
      dueInDays: number;
      done: (i: number, code: string) => boolean;
      closed: boolean;
    }) => {
      const org = node(p.org);
      const id = newId();
      const sentAt = shift(now, -p.sentDaysAgo);
      await trx
        .insertInto('grid_tasks')
        .values({
          id,
          title: p.title,
          description: p.description,
          due_date: chinaDay(shift(now, p.dueInDays)),
          admitted_item_ref: null,
          sender_org_id: org.id,
          sender_org_path: org.path,
          created_by: users.get(p.by)!,
          created_at: sentAt,
          state: p.closed ? 'closed' : 'open',
          closed_at: p.closed ? shift(now, -1) : null,
          updated_at: sentAt,
        })
        .execute();
      const targets = gridsOf.get(p.org)!.map((g, i) => {
        const reporter = workerOf.get(g.id);
        const done = !!reporter && p.done(i, g.code);
        const at = shift(sentAt, 1 + (i % 4), 3 + (i % 5));
        return {
          id: newId(),
          task_id: id,
          grid_id: g.id,
          grid_path: g.path,
          state: done ? 'done' : 'pending',
          note: done ? `已完成，共走访 ${8 + ((i * 7) % 15)} 户，发现问题已现场整改。` : null,
          reported_by: done ? reporter! : null,
          reported_at: done ? at : null,
          returned_reason: null,
          updated_at: done ? at : sentAt,
        };
      });
      for (let i = 0; i < targets.length; i += 200)
        await trx
          .insertInto('grid_task_targets')
          .values(targets.slice(i, i + 200))
          .execute();
    };
    await task({
      org: TIANSHAN,
      by: 'tianshan',
      title: '本月出租房屋全覆盖检查',
      description: '逐户核对本网格出租房屋及承租人登记情况，核实居住证办理，发现未登记的当场登记。',
      sentDaysAgo: 5,
      dueInDays: 10,
      // Every other grid has reported, but not the first (tianshan-grid1 still has it to do).
      done: (i, code) => i % 2 === 1 && !code.endsWith('001'),
      closed: false,
    });
    await task({
      org: TUANJIE,
      by: 'tuanjie',
      title: '冬季消防安全隐患排查',
      description: '排查楼道堆物、电动车违规充电和老旧小区消防通道占用情况，拍照上报。',
      sentDaysAgo: 30,
      dueInDays: -10,
      done: () => true,
      closed: true,
    });

    const notice = async (p: { org: string; by: string; title: string; body: string; sentDaysAgo: number; acked: (i: number, code: string) => boolean }) => {
      const org = node(p.org);
      const id = newId();
      const sentAt = shift(now, -p.sentDaysAgo);
      await trx
        .insertInto('notices')
        .values({ id, title: p.title, body: p.body, sender_org_id: org.id, sender_org_path: org.path, created_by: users.get(p.by)!, created_at: sentAt })
        .execute();
      const rows = workers
        .filter((w) => w.grid_path.startsWith(org.path))
        .map((w, i) => ({
          id: newId(),
          notice_id: id,
          user_id: w.user_id,
          grid_id: w.grid_id,
          grid_path: w.grid_path,
          acknowledged_at: p.acked(i, w.code) ? shift(sentAt, 0, 1 + (i % 6)) : null,
        }));
      for (let i = 0; i < rows.length; i += 200)
        await trx
          .insertInto('notice_recipients')
          .values(rows.slice(i, i + 200))
          .execute();
    };
    await notice({
      org: TIANSHAN,
      by: 'tianshan',
      title: '寒潮大风预警',
      body: '气象台发布寒潮大风蓝色预警，请各网格员立即提醒独居老人、困难家庭做好防寒保暖，检查取暖设施安全。',
      sentDaysAgo: 10,
      acked: () => true,
    });
    await notice({
      org: TUANJIE,
      by: 'tuanjie',
      title: '暴雪天气应急值守通知',
      body: '明日起有暴雪天气，请各网格员保持通讯畅通，重点巡查危旧房屋和临时搭建，发现险情立即报告。',
      sentDaysAgo: 1,
      // About two in three have acknowledged; tianshan-grid1 (the first grid of 天山路社区) has not yet.
      acked: (i, code) => i % 3 !== 0 && code !== `${TIANSHAN}001`,
    });
  });
}
