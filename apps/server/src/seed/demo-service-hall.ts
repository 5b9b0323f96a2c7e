import type { Kysely } from 'kysely';
import { buildWorkCalendar } from '@lingyan/shared';
import type { CryptoProvider } from '../platform/crypto/provider.ts';
import type { DB, ServiceRequestsTable } from '../platform/db/schema.ts';
import { SETTINGS } from '../platform/settings.ts';
import { addToDaily, tallyRows } from '../modules/service-requests/service-requests.tally.ts';
import { phoneIndex } from '../modules/residents/resident-codec.ts';
import { villageKind } from './division-data.ts';
import type { SeededTree } from './org-tree.ts';
import { insertRows } from './insert-rows.ts';
import { URBAN_TOWNSHIPS, TIANSHAN, TIYUCHANG } from './demo-service-hall.data.ts';
import { type Who, type DemoCommunity } from './demo-service-hall.inputs.ts';
import { planServiceHall } from './demo-service-hall.planner.ts';

/**
 * Six months of the service hall (办件) in the urban communities of the Shawan demo, so every page
 * and figure has something true to show: requests in every state and channel, agency (代办) and
 * home-visit cases, pauses for missing materials (补正), transfers to the 街道, trips, ratings of
 * every level with follow-up of the dissatisfied ones, some completed late, a few still open and
 * overdue now, some refused and some excluded as duplicates, and today's first requests.
 *
 * Each request lives its life through `Life` (demo-service-hall.life.ts), applying every step with the same rules
 * as applyAction in modules/service-requests/service-requests.commands.ts: the state machine of
 * shared (canTransition/nextState), due dates from computeDueDates on the official working-day
 * calendar, clocks frozen with finalClockState, pauses counted with pausedDays. Nothing is written
 * that the app could not have written itself; the seed test recomputes every clock to check it.
 *
 * Who acts. Only 天山路社区 has a window account in the demo (tianshan-window): there it is the
 * first-contact owner of every request it received or accepted, its leader (tianshan) excludes
 * and follows up, and its grid worker (tianshan-grid1) makes the home visits (the window records
 * their outcome: a grid worker's scope is its grid, so the policy does not let it act on a
 * community's request). Online requests come through the resident pages, with no owner until
 * accepted, and are often rated there. The other communities have no staff accounts, so their history is kept the way
 * the app keeps a step taken by no account: owner and handler stay empty (as for an online request
 * no account has taken) and the timeline names the community's desk ("奎屯路社区窗口", actor id
 * empty); closing, which the app allows only the owner or a leader, is done by the leader
 * (tiyuchang in 体育场路社区, otherwise the named 社区书记 desk). Agency authorisations and home
 * visits need an account by schema (recorded_by, assignee_id): they are recorded by the nearest
 * account whose role may take the step — the community's own (天山路, 体育场路), else the 街道's
 * officer (taoyuan, tuanjie) — and the four communities of 书香街道 and 凯旋街道, which have none,
 * have no agency or visit records. Transfers go to the 街道 (its officer where there is one).
 *
 * The warnings and escalations the clock job would have raised along the way are there too, so the
 * job finds nothing to raise on the first start.
 *
 * Deterministic: a seeded PRNG per community (ids aside), so reseeding at the same moment gives the
 * same requests. The seed writes no audit rows: the demo history is seed data, not actions anyone
 * took in this installation. Nothing personal is logged. Contact phones are synthetic.
 */

/** Raise when the generator changes, so the data of a reseed is knowingly different. */
// Seeding ----------------------------------------------------------------------------------------

export type ServiceHallCounts = { communities: number; requests: number; events: number; authorizations: number; visits: number; notifications: number };

/** The urban communities of the tree that have residents in the registry, with who acts there. */
export async function loadCommunities(db: Kysely<DB>, tree: SeededTree): Promise<DemoCommunity[]> {
  const users = new Map((await db.selectFrom('users').select(['id', 'username']).execute()).map((u) => [u.username, u.id]));
  const account = (username: string): Who | null => (users.has(username) ? { id: users.get(username)!, name: username } : null);
  const officers: Record<string, Who | null> = { '654203001': account('taoyuan'), '654203002': account('tuanjie') };
  const withId = (w: Who | null): Who | null => (w?.id ? w : null);
  const residents = await db.selectFrom('residents').select(['id', 'name', 'birth_date', 'org_path']).where('status', '=', 'living').orderBy('id').execute();
  const codes = [...tree.byCode.keys()].filter((c) => c.length === 12 && URBAN_TOWNSHIPS.includes(c.slice(0, 9)) && villageKind(c) === 'community').sort();
  const out: DemoCommunity[] = [];
  for (const code of codes) {
    const node = tree.byCode.get(code)!;
    const township = tree.byCode.get(code.slice(0, 9))!;
    const own = residents.filter((r) => r.org_path.startsWith(node.path)).map((r) => ({ id: r.id, name: r.name, birth_date: r.birth_date }));
    if (own.length === 0) continue;
    const officer = officers[code.slice(0, 9)] ?? null;
    const desk = (suffix: string): Who => ({ id: null, name: `${node.name}${suffix}` });
    const window = code === TIANSHAN ? (account('tianshan-window') ?? desk('窗口')) : desk('窗口');
    const leader = code === TIANSHAN ? (account('tianshan') ?? desk('书记')) : code === TIYUCHANG ? (account('tiyuchang') ?? desk('书记')) : desk('书记');
    // The community's own account that may take agency and visit steps, else the 街道's officer.
    const ownAccount = withId(code === TIANSHAN ? account('tianshan-window') : code === TIYUCHANG ? account('tiyuchang') : null) ?? withId(officer);
    // A grid worker may not act on a community's request (its scope is its grid): the window records
    // the outcome of a visit tianshan-grid1 made.
    const grid = code === TIANSHAN ? withId(account('tianshan-grid1')) : null;
    out.push({
      id: node.id,
      code,
      name: node.name,
      path: node.path,
      township: { id: township.id, name: township.name },
      residents: own,
      window,
      leader,
      townshipOfficer: officer ?? { id: null, name: `${township.name}办` },
      visitor: grid ? { assignee: grid, recorder: window } : ownAccount ? { assignee: ownAccount, recorder: ownAccount } : null,
      agencyClerk: ownAccount,
    });
  }
  return out;
}

/**
 * Seeds the service hall's history in the urban communities that have a demo registry (requests
 * need residents), in one transaction. The catalog and the registry must be seeded first.
 */
export async function seedDemoServiceHall(db: Kysely<DB>, crypto: CryptoProvider, tree: SeededTree, now: string): Promise<ServiceHallCounts> {
  const [overrides, years, items] = await Promise.all([
    db.selectFrom('calendar_overrides').select(['date', 'kind']).execute(),
    db.selectFrom('calendar_years').select('year').execute(),
    db
      .selectFrom('service_items')
      .select(['id', 'code', 'name', 'department', 'limit_days', 'response_days', 'agency', 'home_visit', 'online'])
      .where('active', '=', 1)
      .execute(),
  ]);
  // The calendar exactly as ctx.calendar builds it (official data, overrides, confirmed years).
  const cal = buildWorkCalendar(
    overrides.map((o) => ({ date: o.date, kind: o.kind as 'holiday' | 'workday' })),
    years.map((y) => Number(y.year)),
  );
  const communities = await loadCommunities(db, tree);
  const plan = planServiceHall({ cal, items, communities, now, warnWorkingDays: SETTINGS['service.clock'].default.warnWorkingDays });
  const requests: ServiceRequestsTable[] = plan.requests.map(({ contactPhone, ...row }) => ({
    ...row,
    contact_phone_enc: contactPhone ? crypto.encrypt(contactPhone, 'service-request.phone') : null,
    contact_phone_idx: contactPhone ? phoneIndex(crypto, contactPhone) : null,
  }));
  // No audit rows: this is seed data, not steps anyone took in this installation.
  await db.transaction().execute(async (trx) => {
    await insertRows(trx, 'service_requests', requests);
    // The figures' tally of these requests, by the rule every step follows (service-requests.tally.ts).
    await addToDaily(trx, tallyRows(requests).changed());
    await insertRows(trx, 'service_request_events', plan.events);
    await insertRows(trx, 'agency_authorizations', plan.authorizations);
    await insertRows(trx, 'home_visits', plan.visits);
    await insertRows(trx, 'request_notifications', plan.notifications);
    // The day counters continue where the history ends: today's next request gets the next number.
    await insertRows(trx, 'counters', plan.counters);
  });
  return {
    communities: communities.length,
    requests: requests.length,
    events: plan.events.length,
    authorizations: plan.authorizations.length,
    visits: plan.visits.length,
    notifications: plan.notifications.length,
  };
}
