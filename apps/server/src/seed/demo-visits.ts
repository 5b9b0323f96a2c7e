import { sql, type Kysely } from 'kysely';
import { DEFAULT_VISIT_PERIOD_POLICY, periodOf, type NEED_CATEGORIES } from '@lingyan/shared';
import type { DB, HouseholdLastVisitsTable, NeedsTable, VisitPeopleTable, VisitsTable } from '../platform/db/schema.ts';
import { chinaDate } from '../platform/auth/actor.ts';
import { newId } from '../platform/ids.ts';
import { prng, Rng } from './demo-random.ts';

const NEEDS: { category: (typeof NEED_CATEGORIES)[number]; description: string }[] = [
  { category: 'elderly-care', description: '老人独自在家，希望社区安排助餐送餐' },
  { category: 'elderly-care', description: '老人行动不便，需要定期上门探望' },
  { category: 'medical', description: '慢性病需长期用药，希望家庭医生签约上门' },
  { category: 'employment', description: '家中有人失业，想参加技能培训找工作' },
  { category: 'housing', description: '楼道扶手松动，老人上下楼不安全' },
  { category: 'assistance', description: '家庭收入骤减，咨询临时救助' },
  { category: 'education', description: '孩子放学后无人看管，希望参加社区托管' },
  { category: 'disability', description: '残疾人需要辅助器具适配' },
  { category: 'other', description: '希望社区组织邻里文体活动' },
];
const NOTES = [
  '家中情况稳定，无特殊诉求',
  '宣传了反诈知识',
  '核对了家庭成员信息',
  '提醒冬季取暖安全',
  '了解了老人身体状况',
  '发放了惠民政策宣传单',
  null,
  null,
];

type Households = { id: string; org_path: string; grid_id: string; head_resident_id: string | null; special: number }[];

async function insertChunked<T extends keyof DB>(db: Kysely<DB>, table: T, rows: object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 400)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + 400) as never)
      .execute();
}

/**
 * A quarter of visits in the communities with a registry: each grid reaches its own share of
 * households this period (a few grids lag well behind), many households were last seen last quarter
 * and some never; visits by the grid's worker (or the community's staff where a grid has none). A few
 * visits found needs; the grid-worker requests of the service hall are the visits that raised them.
 */
export async function seedDemoVisits(db: Kysely<DB>, now: string): Promise<{ visits: number; needs: number }> {
  const today = chinaDate(new Date(now));
  const current = periodOf(today, DEFAULT_VISIT_PERIOD_POLICY.everyMonths);
  const previous = periodOf(new Date(Date.parse(`${current.from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10), DEFAULT_VISIT_PERIOD_POLICY.everyMonths);
  const rng = new Rng(prng('demo-visits'));
  const households: Households = (await db
    .selectFrom('households as hh')
    .innerJoin('homes as h', 'h.id', 'hh.home_id')
    .select((eb) => [
      'hh.id',
      'hh.org_path',
      'h.grid_id',
      'hh.head_resident_id',
      eb
        .exists(
          eb
            .selectFrom('residents as r')
            .innerJoin('resident_tags as t', 't.resident_id', 'r.id')
            .select('r.id')
            .whereRef('r.household_id', '=', 'hh.id')
            .where('t.tag', 'in', DEFAULT_VISIT_PERIOD_POLICY.special.tags),
        )
        .as('special'),
    ])
    .orderBy('hh.org_path')
    .orderBy('hh.id')
    .execute()) as Households;
  if (households.length === 0) return { visits: 0, needs: 0 };

  // Who visits a grid: its grid worker, else someone working at its community.
  const assignments = await db
    .selectFrom('assignments as a')
    .innerJoin('org_nodes as o', 'o.id', 'a.org_id')
    .select(['a.user_id', 'a.role', 'o.id as org_id', 'o.path'])
    .where('a.role', 'in', ['grid-worker', 'community-leader', 'window-worker'])
    .orderBy('a.created_at')
    .execute();
  const visitorOf = new Map<string, string | null>();
  const visitor = (gridId: string, gridPath: string): string | null => {
    if (!visitorOf.has(gridId)) {
      const own = assignments.find((a) => a.role === 'grid-worker' && a.org_id === gridId);
      const community = gridPath.slice(0, gridPath.slice(0, -1).lastIndexOf('/') + 1);
      const staff = assignments.find((a) => a.path === community);
      visitorOf.set(gridId, own?.user_id ?? staff?.user_id ?? null);
    }
    return visitorOf.get(gridId)!;
  };

  const dayIn = (from: string, to: string): string => {
    const a = Date.parse(`${from}T00:00:00Z`);
    const b = Date.parse(`${to}T00:00:00Z`);
    return new Date(a + rng.int(0, Math.max(0, Math.round((b - a) / 86_400_000))) * 86_400_000).toISOString().slice(0, 10);
  };
  const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const currentTo = yesterday < current.from ? today : yesterday;

  const visits: VisitsTable[] = [];
  const people: VisitPeopleTable[] = [];
  const lasts: HouseholdLastVisitsTable[] = [];
  const needs: NeedsTable[] = [];
  const reach = new Map<string, number>();
  const add = (hh: Households[number], by: string, on: string, kind: string) => {
    const id = newId();
    visits.push({
      id,
      household_id: hh.id,
      grid_id: hh.grid_id,
      org_path: hh.org_path,
      visited_on: on,
      kind,
      notes: rng.pick(NOTES),
      visitor_id: by,
      raised_type: null,
      raised_id: null,
      created_at: `${on}T04:00:00.000Z`,
    });
    if (hh.head_resident_id && rng.chance(0.85)) people.push({ visit_id: id, resident_id: hh.head_resident_id });
    return visits[visits.length - 1]!;
  };
  for (const hh of households) {
    const by = visitor(hh.grid_id, hh.org_path);
    if (!by) continue;
    // Each grid's own reach this quarter: most between 15% and 40%, a few far behind.
    if (!reach.has(hh.grid_id)) reach.set(hh.grid_id, rng.chance(0.15) ? 0.03 + rng.next() * 0.07 : 0.15 + rng.next() * 0.25);
    const kind = Number(hh.special) ? 'special-group' : 'routine';
    let last: string | null = null;
    if (rng.chance(0.6)) last = add(hh, by, dayIn(previous.from, previous.to), kind).visited_on;
    if (rng.chance(reach.get(hh.grid_id)! + (Number(hh.special) ? 0.3 : 0))) {
      const v = add(hh, by, dayIn(current.from, currentTo), rng.chance(0.1) ? 'follow-up' : kind);
      last = v.visited_on;
      if (rng.chance(0.04)) {
        const need = rng.pick(NEEDS);
        const needId = newId();
        needs.push({
          id: needId,
          household_id: hh.id,
          grid_id: hh.grid_id,
          org_path: hh.org_path,
          visit_id: v.id,
          category: need.category,
          description: need.description,
          status: rng.weighted([
            ['open', 6],
            ['matched', 3],
            ['closed', 1],
          ] as const),
          created_by: by,
          created_at: v.created_at,
          updated_at: v.created_at,
        });
        v.raised_type = 'need';
        v.raised_id = needId;
      }
    }
    if (last) lasts.push({ household_id: hh.id, org_path: hh.org_path, last_visited_on: last });
  }

  // The service hall's grid-worker requests of this quarter: each was raised on a visit that day.
  const requests = await db
    .selectFrom('service_requests as sr')
    .innerJoin('residents as r', 'r.id', 'sr.resident_id')
    .innerJoin('households as hh', 'hh.id', 'r.household_id')
    .innerJoin('homes as h', 'h.id', 'hh.home_id')
    .select(['sr.id', 'sr.received_date', 'sr.owner_id', 'r.id as resident_id', 'hh.id as household_id', 'hh.org_path', 'h.grid_id'])
    .where('sr.channel', '=', 'grid-worker')
    .where('sr.received_date', '>=', current.from)
    .where('sr.owner_id', 'is not', null)
    .execute();
  const lastOf = new Map(lasts.map((l) => [l.household_id, l]));
  for (const r of requests) {
    const id = newId();
    visits.push({
      id,
      household_id: r.household_id,
      grid_id: r.grid_id,
      org_path: r.org_path,
      visited_on: r.received_date,
      kind: 'routine',
      notes: '走访中居民提出办事需求，现场代为受理',
      visitor_id: r.owner_id!,
      raised_type: 'request',
      raised_id: r.id,
      created_at: `${r.received_date}T04:00:00.000Z`,
    });
    people.push({ visit_id: id, resident_id: r.resident_id });
    const l = lastOf.get(r.household_id);
    if (!l) {
      const row = { household_id: r.household_id, org_path: r.org_path, last_visited_on: r.received_date };
      lasts.push(row);
      lastOf.set(r.household_id, row);
    } else if (l.last_visited_on < r.received_date) l.last_visited_on = r.received_date;
  }

  await insertChunked(db, 'visits', visits);
  await insertChunked(db, 'visit_people', people);
  await insertChunked(db, 'household_last_visits', lasts);
  await insertChunked(db, 'needs', needs);
  return { visits: visits.length, needs: needs.length };
}

/**
 * Runs after the demo events: some of the events grid workers collected in grids with households
 * were found on a visit — each gets the visit (that day, to a household of its grid) that raised it.
 */
export async function linkDemoVisitEvents(db: Kysely<DB>): Promise<number> {
  const rng = new Rng(prng('demo-visit-events'));
  const events = await db
    .selectFrom('events as e')
    .select(['e.id', 'e.grid_id', 'e.org_path', 'e.reported_date', 'e.reported_at', 'e.reporter_id'])
    .where('e.source', '=', 'grid-worker')
    .where('e.reporter_id', 'is not', null)
    .where('e.visit_id', 'is', null)
    .orderBy('e.id')
    .execute();
  let linked = 0;
  for (const e of events) {
    if (!rng.chance(0.5)) continue;
    const households = await db
      .selectFrom('households')
      .select(['id', 'head_resident_id'])
      .where('org_path', '=', e.org_path)
      .orderBy('id')
      .limit(50)
      .execute();
    if (households.length === 0) continue;
    const hh = rng.pick(households);
    const id = newId();
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('visits')
        .values({
          id,
          household_id: hh.id,
          grid_id: e.grid_id,
          org_path: e.org_path,
          visited_on: e.reported_date,
          kind: 'routine',
          notes: '走访途中发现问题，现场拍照上报',
          visitor_id: e.reporter_id!,
          raised_type: 'event',
          raised_id: e.id,
          created_at: e.reported_at,
        })
        .execute();
      if (hh.head_resident_id) await trx.insertInto('visit_people').values({ visit_id: id, resident_id: hh.head_resident_id }).execute();
      await trx
        .insertInto('household_last_visits')
        .values({ household_id: hh.id, org_path: e.org_path, last_visited_on: e.reported_date })
        .onConflict((oc) =>
          oc.column('household_id').doUpdateSet({
            last_visited_on: sql<string>`case when household_last_visits.last_visited_on < excluded.last_visited_on then excluded.last_visited_on else household_last_visits.last_visited_on end`,
          }),
        )
        .execute();
      await trx.updateTable('events').set({ source: 'visit', visit_id: id }).where('id', '=', e.id).execute();
      await trx
        .updateTable('event_steps')
        .set({ data: JSON.stringify({ source: 'visit', photoIds: [], visitId: id }) })
        .where('event_id', '=', e.id)
        .where('action', '=', 'collect')
        .execute();
    });
    linked++;
  }
  return linked;
}
