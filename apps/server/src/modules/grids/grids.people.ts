import type { Kysely } from 'kysely';
import { idsOfPath, SEPARATED_ADMIN_ROLES, type GridPeople, type GridPerson, type GridPersonRole } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { DB } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { abilitiesOf, authorizeAbility } from '../../platform/policy/policy.ts';
import { pathsCondition } from '../../platform/policy/scope.ts';
import { chinaDate } from '../../platform/auth/actor.ts';
import { findGrid, type GridRow } from './grids.repo.ts';
import { gridAbilities, gridPersonAbilities } from './grids.policy.ts';

const current = (from: string | null, to: string | null, today: string) => (!from || from <= today) && (!to || to >= today);

/**
 * The people of a grid: workers are the grid-worker role assignments at the grid (their login
 * scope); the grid head, liaisons (楼栋长), sunk cadres and party members are the grid's own records.
 * Each with its period; `otherGrids` lists the other grids the same person serves today.
 */
export async function peopleOf(db: Kysely<DB>, actor: Actor, grid: GridRow, today: string): Promise<GridPeople> {
  const [workers, own, party] = await Promise.all([
    db
      .selectFrom('assignments as a')
      .innerJoin('users as u', 'u.id', 'a.user_id')
      .select(['a.id', 'a.user_id', 'u.display_name', 'a.valid_from', 'a.valid_to'])
      .where('a.org_id', '=', grid.id)
      .where('a.role', '=', 'grid-worker')
      .orderBy('u.display_name')
      .execute(),
    db
      .selectFrom('grid_people as p')
      .leftJoin('buildings as b', 'b.id', 'p.building_id')
      .select([
        'p.id',
        'p.role',
        'p.user_id',
        'p.resident_id',
        'p.name',
        'p.building_id',
        'b.name as building_name',
        'p.party_role',
        'p.valid_from',
        'p.valid_to',
      ])
      .where('p.grid_id', '=', grid.id)
      .orderBy('p.role')
      .orderBy('p.valid_from')
      .orderBy('p.name')
      .execute(),
    db.selectFrom('grid_party_orgs').select(['kind', 'name']).where('grid_id', '=', grid.id).executeTakeFirst(),
  ]);

  // Other grids the same users and residents serve today (one person may serve several grids).
  const userIds = [...new Set([...workers.map((w) => w.user_id), ...own.map((p) => p.user_id).filter((x): x is string => !!x)])];
  const residentIds = [...new Set(own.map((p) => p.resident_id).filter((x): x is string => !!x))];
  const others = new Map<string, Set<string>>();
  const note = (key: string, name: string) => others.set(key, (others.get(key) ?? new Set()).add(name));
  if (userIds.length) {
    const [a, p] = await Promise.all([
      db
        .selectFrom('assignments as a')
        .innerJoin('org_nodes as o', 'o.id', 'a.org_id')
        .select(['a.user_id', 'o.name', 'a.valid_from', 'a.valid_to'])
        .where('a.user_id', 'in', userIds)
        .where('a.role', '=', 'grid-worker')
        .where('a.org_id', '!=', grid.id)
        .execute(),
      db
        .selectFrom('grid_people as p')
        .innerJoin('org_nodes as o', 'o.id', 'p.grid_id')
        .select(['p.user_id', 'o.name', 'p.valid_from', 'p.valid_to'])
        .where('p.user_id', 'in', userIds)
        .where('p.grid_id', '!=', grid.id)
        .execute(),
    ]);
    for (const r of [...a, ...p]) if (current(r.valid_from, r.valid_to, today)) note(`u:${r.user_id}`, r.name);
  }
  if (residentIds.length) {
    const rows = await db
      .selectFrom('grid_people as p')
      .innerJoin('org_nodes as o', 'o.id', 'p.grid_id')
      .select(['p.resident_id', 'o.name', 'p.valid_from', 'p.valid_to'])
      .where('p.resident_id', 'in', residentIds)
      .where('p.grid_id', '!=', grid.id)
      .execute();
    for (const r of rows) if (current(r.valid_from, r.valid_to, today)) note(`r:${r.resident_id}`, r.name);
  }
  const otherGrids = (userId: string | null, residentId: string | null) =>
    [...(userId ? (others.get(`u:${userId}`) ?? []) : []), ...(residentId ? (others.get(`r:${residentId}`) ?? []) : [])].sort();

  const workerList: GridPerson[] = workers.map((w) => ({
    id: w.id,
    role: 'worker',
    name: w.display_name,
    userId: w.user_id,
    residentId: null,
    buildingId: null,
    buildingName: null,
    partyRole: null,
    validFrom: w.valid_from,
    validTo: w.valid_to,
    current: current(w.valid_from, w.valid_to, today),
    source: 'assignment',
    otherGrids: otherGrids(w.user_id, null),
    abilities: abilitiesOf(gridPersonAbilities, actor, { path: grid.path, source: 'assignment' }),
  }));
  const ownList: GridPerson[] = own.map((p) => ({
    id: p.id,
    role: p.role as GridPersonRole,
    name: p.name,
    userId: p.user_id,
    residentId: p.resident_id,
    buildingId: p.building_id,
    buildingName: p.building_name,
    partyRole: p.party_role as GridPerson['partyRole'],
    validFrom: p.valid_from,
    validTo: p.valid_to,
    current: current(p.valid_from, p.valid_to, today),
    source: 'grid',
    otherGrids: otherGrids(p.user_id, p.resident_id),
    abilities: abilitiesOf(gridPersonAbilities, actor, { path: grid.path, source: 'grid' }),
  }));
  const of = (role: GridPersonRole) => ownList.filter((p) => p.role === role);
  return {
    gridId: grid.id,
    head: of('head'),
    workers: workerList,
    liaisons: of('liaison'),
    sunk: of('sunk'),
    party: party ? { kind: party.kind as 'branch' | 'group', name: party.name } : null,
    partyMembers: of('party-member'),
    abilities: abilitiesOf(gridAbilities, actor, grid),
  };
}

/**
 * Who may be made a grid's head or sunk cadre (下沉): active staff (not the three separated
 * administrators) assigned today at the grid's community or below it, or at a node above it —
 * township and city cadres sink to communities too.
 */
export async function personCandidates(db: Kysely<DB>, grid: GridRow, today: string): Promise<{ userId: string; name: string; orgName: string }[]> {
  const above = idsOfPath(grid.community_path).map((_, i, ids) => `/${ids.slice(0, i + 1).join('/')}/`);
  const rows = await db
    .selectFrom('assignments as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .innerJoin('org_nodes as o', 'o.id', 'a.org_id')
    .select(['u.id', 'u.display_name', 'o.name as org_name'])
    .where('u.status', '=', 'active')
    .where('a.role', 'not in', [...SEPARATED_ADMIN_ROLES])
    .where((eb) => eb.or([eb('a.valid_from', 'is', null), eb('a.valid_from', '<=', today)]))
    .where((eb) => eb.or([eb('a.valid_to', 'is', null), eb('a.valid_to', '>=', today)]))
    .where((eb) => eb.or([eb('o.path', 'in', above), pathsCondition(eb, 'o.path', [grid.community_path])]))
    .orderBy('u.display_name')
    .orderBy('o.name')
    .execute();
  const seen = new Map<string, { userId: string; name: string; orgName: string }>();
  for (const r of rows) if (!seen.has(r.id)) seen.set(r.id, { userId: r.id, name: r.display_name, orgName: r.org_name });
  return [...seen.values()];
}

export type PersonInput = {
  role: GridPersonRole;
  userId: string | null;
  residentId: string | null;
  name: string | null;
  buildingId: string | null;
  partyRole: 'secretary' | 'member' | null;
  validFrom: string;
  validTo: string | null;
};

async function loadManagedGrid(ctx: AppContext, actor: Actor, gridId: string): Promise<GridRow> {
  const grid = await findGrid(ctx.db, actor, gridId);
  if (!grid) throw new AppError('GRID_NOT_FOUND');
  authorizeAbility(gridAbilities, 'managePeople', actor, grid);
  return grid;
}

/** Adds a grid head, liaison, sunk cadre or party member for a period. */
export async function addPerson(ctx: AppContext, audit: AuditContext, actor: Actor, gridId: string, input: PersonInput): Promise<string> {
  const grid = await loadManagedGrid(ctx, actor, gridId);
  if (input.validTo && input.validTo < input.validFrom) throw new AppError('GRID_PERIOD_INVALID');
  // The grid head and sunk cadres are staff with accounts; liaisons and party members may be anyone.
  if ((input.role === 'head' || input.role === 'sunk') && !input.userId) throw new AppError('GRID_PERSON_INVALID');
  let name = input.name;
  if (input.userId) {
    // Only staff who work at this community, below it or above it (personCandidates).
    const candidate = (await personCandidates(ctx.db, grid, chinaDate(ctx.clock.now()))).find((c) => c.userId === input.userId);
    if (!candidate) throw new AppError('USER_NOT_FOUND');
    name = candidate.name;
  } else if (input.residentId) {
    // A resident of this community (the liaison of a building lives there, as a rule).
    const r = await ctx.db.selectFrom('residents').select(['name', 'org_path']).where('id', '=', input.residentId).executeTakeFirst();
    if (!r || !r.org_path.startsWith(grid.community_path)) throw new AppError('RESIDENT_NOT_FOUND');
    name = r.name;
  }
  if (!name) throw new AppError('GRID_PERSON_INVALID');
  if (input.buildingId) {
    const b = await ctx.db.selectFrom('buildings').select('grid_id').where('id', '=', input.buildingId).executeTakeFirst();
    if (!b || b.grid_id !== grid.id) throw new AppError('BUILDING_NOT_FOUND');
  }
  if (input.role === 'party-member') {
    const party = await ctx.db.selectFrom('grid_party_orgs').select('grid_id').where('grid_id', '=', grid.id).executeTakeFirst();
    if (!party) throw new AppError('GRID_PARTY_REQUIRED');
  }
  const id = newId();
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('grid_people')
      .values({
        id,
        grid_id: grid.id,
        org_path: grid.path,
        role: input.role,
        user_id: input.userId,
        resident_id: input.userId ? null : input.residentId,
        name,
        building_id: input.role === 'liaison' ? input.buildingId : null,
        party_role: input.role === 'party-member' ? (input.partyRole ?? 'member') : null,
        valid_from: input.validFrom,
        valid_to: input.validTo,
        created_at: now,
        created_by: actor.userId,
      })
      .execute();
    await ctx.audit(trx, audit, {
      action: 'grid.person.add',
      targetType: 'grid-person',
      targetId: id,
      orgId: grid.id,
      details: { grid: grid.code, role: input.role, userId: input.userId, residentId: input.residentId, validFrom: input.validFrom, validTo: input.validTo },
    });
  });
  return id;
}

async function loadPerson(ctx: AppContext, actor: Actor, gridId: string, personId: string) {
  const grid = await findGrid(ctx.db, actor, gridId);
  if (!grid) throw new AppError('GRID_NOT_FOUND');
  const p = await ctx.db.selectFrom('grid_people').selectAll().where('id', '=', personId).where('grid_id', '=', grid.id).executeTakeFirst();
  if (!p) throw new AppError('GRID_PERSON_NOT_FOUND');
  return { grid, p };
}

/** Changes a person's period (ending a term is setting its last day). */
export async function updatePerson(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor,
  gridId: string,
  personId: string,
  input: { validFrom?: string | undefined; validTo?: string | null | undefined },
): Promise<void> {
  const { grid, p } = await loadPerson(ctx, actor, gridId, personId);
  authorizeAbility(gridPersonAbilities, 'update', actor, { path: grid.path, source: 'grid' });
  const validFrom = input.validFrom ?? p.valid_from;
  const validTo = input.validTo === undefined ? p.valid_to : input.validTo;
  if (validTo && validTo < validFrom) throw new AppError('GRID_PERIOD_INVALID');
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('grid_people').set({ valid_from: validFrom, valid_to: validTo }).where('id', '=', p.id).execute();
    await ctx.audit(trx, audit, {
      action: 'grid.person.update',
      targetType: 'grid-person',
      targetId: p.id,
      orgId: grid.id,
      details: { grid: grid.code, role: p.role, before: { validFrom: p.valid_from, validTo: p.valid_to }, after: { validFrom, validTo } },
    });
  });
}

/** Removes a record entered by mistake (a term that ended is kept with its period instead). */
export async function deletePerson(ctx: AppContext, audit: AuditContext, actor: Actor, gridId: string, personId: string): Promise<void> {
  const { grid, p } = await loadPerson(ctx, actor, gridId, personId);
  authorizeAbility(gridPersonAbilities, 'delete', actor, { path: grid.path, source: 'grid' });
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('grid_people').where('id', '=', p.id).execute();
    await ctx.audit(trx, audit, {
      action: 'grid.person.delete',
      targetType: 'grid-person',
      targetId: p.id,
      orgId: grid.id,
      details: { grid: grid.code, role: p.role, name: p.name, validFrom: p.valid_from, validTo: p.valid_to },
    });
  });
}

/** Sets up or renames the grid's party branch (党支部) or party group (党小组). */
export async function setParty(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor,
  gridId: string,
  input: { kind: 'branch' | 'group'; name: string },
): Promise<void> {
  const grid = await loadManagedGrid(ctx, actor, gridId);
  const before = await ctx.db.selectFrom('grid_party_orgs').select(['kind', 'name']).where('grid_id', '=', grid.id).executeTakeFirst();
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    if (before) await trx.updateTable('grid_party_orgs').set({ kind: input.kind, name: input.name, updated_at: now }).where('grid_id', '=', grid.id).execute();
    else
      await trx.insertInto('grid_party_orgs').values({ grid_id: grid.id, org_path: grid.path, kind: input.kind, name: input.name, updated_at: now }).execute();
    await ctx.audit(trx, audit, {
      action: 'grid.party',
      targetType: 'grid',
      targetId: grid.id,
      orgId: grid.id,
      details: { grid: grid.code, before: before ?? null, after: input },
    });
  });
}
