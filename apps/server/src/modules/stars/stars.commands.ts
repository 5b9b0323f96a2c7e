import type { Kysely } from 'kysely';
import { starCatalogProblems, starRulesProblems, type StarCatalogContent, type StarRulesUpdate } from '@lingyan/shared';
import type { DB } from '../../platform/db/schema.ts';
import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import { chinaDate, type Actor } from '../../platform/auth/actor.ts';
import { newId } from '../../platform/ids.ts';
import { AppError } from '../../platform/errors.ts';
import { catalogOfYear, parseCatalog } from './stars.repo.ts';
import { DEFAULT_STAR_CATALOG } from './stars.defaults.ts';

/** Saves the rules and/or pay coefficients (settings), after the rules' own consistency check. */
export async function saveStarRules(ctx: AppContext, audit: AuditContext, actor: Actor, input: StarRulesUpdate): Promise<void> {
  if (input.rules) {
    const problems = starRulesProblems(input.rules);
    if (problems.length > 0) throw new AppError('SETTING_INVALID', {}, problems);
  }
  await ctx.db.transaction().execute(async (trx) => {
    if (input.rules) await ctx.settings.set(trx, 'stars.rules', input.rules, actor.userId);
    if (input.payCoefficients) await ctx.settings.set(trx, 'stars.payCoefficients', input.payCoefficients, actor.userId);
    await ctx.audit(trx, audit, {
      action: 'star.rules.update',
      targetType: 'setting',
      targetId: input.rules ? 'stars.rules' : 'stars.payCoefficients',
      details: { rules: input.rules ?? null, payCoefficients: input.payCoefficients ?? null },
    });
  });
}

/** A new year's catalog: a copy of `copyFrom`'s, else of the latest there is, else the default ten stars. */
export async function createCatalog(ctx: AppContext, audit: AuditContext, actor: Actor, input: { year: number; copyFrom?: number }): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('star_catalogs').select('id').where('year', '=', input.year).executeTakeFirst();
    if (taken) throw new AppError('STAR_CATALOG_YEAR_TAKEN');
    let content: StarCatalogContent;
    let source: number | 'default';
    if (input.copyFrom !== undefined) {
      content = (await catalogOfYear(trx, input.copyFrom)).content;
      source = input.copyFrom;
    } else {
      const latest = await trx.selectFrom('star_catalogs').select(['year', 'content']).orderBy('year', 'desc').limit(1).executeTakeFirst();
      content = latest ? parseCatalog(latest.content) : DEFAULT_STAR_CATALOG;
      source = latest ? latest.year : 'default';
    }
    const now = ctx.clock.now().toISOString();
    const id = newId();
    await trx
      .insertInto('star_catalogs')
      .values({
        id,
        year: input.year,
        content: JSON.stringify(content),
        locked_at: null,
        created_by: actor.userId,
        created_at: now,
        updated_by: actor.userId,
        updated_at: now,
      })
      .execute();
    await ctx.audit(trx, audit, { action: 'star.catalog.create', targetType: 'star-catalog', targetId: id, details: { year: input.year, copiedFrom: source } });
  });
}

/** Replaces an unlocked year's catalog, when every star, indicator and department holds together. */
export async function updateCatalog(ctx: AppContext, audit: AuditContext, actor: Actor, year: number, content: StarCatalogContent): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('star_catalogs').select(['id', 'locked_at']).where('year', '=', year).executeTakeFirst();
    if (!row) throw new AppError('STAR_CATALOG_NOT_FOUND');
    if (row.locked_at !== null) throw new AppError('STAR_CATALOG_LOCKED');
    const departments = await trx.selectFrom('departments').select('code').execute();
    const problems = starCatalogProblems(
      content,
      departments.map((d) => d.code),
    );
    if (problems.length > 0) throw new AppError('STAR_CATALOG_INVALID', { problem: problems[0]!.message }, problems);
    await trx
      .updateTable('star_catalogs')
      .set({ content: JSON.stringify(content), updated_by: actor.userId, updated_at: ctx.clock.now().toISOString() })
      .where('id', '=', row.id)
      .execute();
    await ctx.audit(trx, audit, {
      action: 'star.catalog.update',
      targetType: 'star-catalog',
      targetId: row.id,
      details: { year, stars: content.stars.map((s) => s.code) },
    });
  });
}

export async function createDepartment(ctx: AppContext, audit: AuditContext, input: { code: string; name: string }): Promise<string> {
  return ctx.db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('departments').select('id').where('code', '=', input.code).executeTakeFirst();
    if (taken) throw new AppError('DEPARTMENT_CODE_TAKEN');
    const id = newId();
    await trx.insertInto('departments').values({ id, code: input.code, name: input.name, created_at: ctx.clock.now().toISOString() }).execute();
    await ctx.audit(trx, audit, { action: 'department.create', targetType: 'department', targetId: id, details: { code: input.code, name: input.name } });
    return id;
  });
}

/** Users who hold a current department-officer assignment (only they may review for a department). */
export async function departmentOfficerIds(db: Kysely<DB>, today: string, userIds?: readonly string[]): Promise<Set<string>> {
  let q = db
    .selectFrom('assignments as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select('a.user_id')
    .where('a.role', '=', 'department-officer')
    .where('u.status', '=', 'active')
    .where((eb) => eb.or([eb('a.valid_from', 'is', null), eb('a.valid_from', '<=', today)]))
    .where((eb) => eb.or([eb('a.valid_to', 'is', null), eb('a.valid_to', '>=', today)]));
  if (userIds) {
    if (userIds.length === 0) return new Set();
    q = q.where('a.user_id', 'in', [...userIds]);
  }
  return new Set((await q.execute()).map((r) => r.user_id));
}

/** Replaces a department's members; every one must be a department officer. */
export async function setDepartmentMembers(ctx: AppContext, audit: AuditContext, departmentId: string, userIds: readonly string[]): Promise<void> {
  const wanted = [...new Set(userIds)];
  if (!(await ctx.db.selectFrom('departments').select('id').where('id', '=', departmentId).executeTakeFirst())) throw new AppError('DEPARTMENT_NOT_FOUND');
  const officers = await departmentOfficerIds(ctx.db, chinaDate(ctx.clock.now()), wanted);
  const refused = wanted.filter((id) => !officers.has(id));
  if (refused.length > 0)
    throw new AppError(
      'DEPARTMENT_MEMBER_INVALID',
      {},
      refused.map((id) => ({ path: '/userIds', message: `${id} holds no department-officer assignment` })),
    );
  await ctx.db.transaction().execute(async (trx) => {
    const dept = await trx.selectFrom('departments').select(['id', 'code']).where('id', '=', departmentId).executeTakeFirst();
    if (!dept) throw new AppError('DEPARTMENT_NOT_FOUND');
    const before = (await trx.selectFrom('department_members').select('user_id').where('department_id', '=', dept.id).execute()).map((r) => r.user_id);
    await trx.deleteFrom('department_members').where('department_id', '=', dept.id).execute();
    const now = ctx.clock.now().toISOString();
    if (wanted.length > 0)
      await trx
        .insertInto('department_members')
        .values(wanted.map((user_id) => ({ department_id: dept.id, user_id, created_at: now })))
        .execute();
    await ctx.audit(trx, audit, {
      action: 'department.members',
      targetType: 'department',
      targetId: dept.id,
      details: { code: dept.code, added: wanted.filter((u) => !before.includes(u)), removed: before.filter((u) => !wanted.includes(u)) },
    });
  });
}
