import type { Kysely, Transaction } from 'kysely';
import { HEAD_RELATION, AGE_TAGS, type RevealableField } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { DB, ResidentsTable } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { authorizeAbility } from '../../platform/policy/policy.ts';
import { loadOrgFor } from '../../platform/policy/org-filter.ts';
import { encodePersonalOrThrow, FIELD_CONTEXT, type PersonalInput } from './resident-codec.ts';
import { findResident } from './residents.repo.ts';
import { residentAbilities } from './residents.policy.ts';

type Db = Kysely<DB> | Transaction<DB>;

export type ResidentInput = PersonalInput & {
  politicalStatus?: string | null | undefined;
  education?: string | null | undefined;
  occupation?: string | null | undefined;
  employer?: string | null | undefined;
  registrationType?: string | undefined;
  residencePermitNo?: string | null | undefined;
  residencePermitExpires?: string | null | undefined;
  tags?: string[] | undefined;
  homeId?: string | null | undefined;
  relation?: string | null | undefined;
  movedInAt?: string | null | undefined;
};

/** Tags must be defined (and not computed from age). */
export async function assertTags(db: Db, tags: string[]): Promise<void> {
  if (tags.length === 0) return;
  const known = new Set((await db.selectFrom('tag_definitions').select('code').where('code', 'in', tags).execute()).map((t) => t.code));
  const unknown = tags.find((t) => !known.has(t) || AGE_TAGS[t] !== undefined);
  if (unknown) throw new AppError('TAG_UNKNOWN', { tag: unknown });
}

export async function assertUniqueIdNumber(db: Db, idx: string | null, exceptId?: string): Promise<void> {
  if (!idx) return;
  let q = db.selectFrom('residents').select('id').where('id_number_idx', '=', idx);
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) throw new AppError('RESIDENT_DUPLICATE_ID_NUMBER');
}

/** A home given for a resident must lie in the resident's grid. */
async function assertHomeInGrid(db: Db, homeId: string | null | undefined, gridId: string): Promise<void> {
  if (!homeId) return;
  const home = await db.selectFrom('homes').select(['grid_id']).where('id', '=', homeId).executeTakeFirst();
  if (!home || home.grid_id !== gridId) throw new AppError('HOME_NOT_IN_GRID');
}

/**
 * Puts a resident into the household of their home: the household there if there is one, or a
 * new one headed by them when their relation is 户主. Returns the household id (or null).
 */
export async function attachToHousehold(
  db: Db,
  now: string,
  r: { id: string; home_id: string | null; org_path: string; relation: string | null; registration_type: string },
): Promise<string | null> {
  if (!r.home_id || !r.relation) return null;
  const existing = await db
    .selectFrom('households')
    .select(['id', 'head_resident_id'])
    .where('home_id', '=', r.home_id)
    .orderBy('created_at')
    .executeTakeFirst();
  if (existing) {
    if (r.relation === HEAD_RELATION && !existing.head_resident_id)
      await db.updateTable('households').set({ head_resident_id: r.id, updated_at: now }).where('id', '=', existing.id).execute();
    return existing.id;
  }
  if (r.relation !== HEAD_RELATION) return null;
  const id = newId();
  await db
    .insertInto('households')
    .values({ id, home_id: r.home_id, org_path: r.org_path, head_resident_id: r.id, registration_type: r.registration_type, created_at: now, updated_at: now })
    .execute();
  return id;
}

export async function recordHistory(
  db: Db,
  audit: AuditContext,
  now: string,
  residentId: string,
  action: string,
  fields: string[],
  note: string | null = null,
): Promise<void> {
  await db
    .insertInto('resident_history')
    .values({
      id: newId(),
      resident_id: residentId,
      at: now,
      actor_id: audit.actorId,
      actor_name: audit.actorName,
      action,
      fields: JSON.stringify(fields),
      note,
    })
    .execute();
}

function plainColumns(input: ResidentInput): Partial<ResidentsTable> {
  const out: Partial<ResidentsTable> = {};
  if (input.politicalStatus !== undefined) out.political_status = input.politicalStatus;
  if (input.education !== undefined) out.education = input.education;
  if (input.occupation !== undefined) out.occupation = input.occupation;
  if (input.employer !== undefined) out.employer = input.employer;
  if (input.registrationType !== undefined) out.registration_type = input.registrationType;
  if (input.residencePermitNo !== undefined) out.residence_permit_no = input.residencePermitNo;
  if (input.residencePermitExpires !== undefined) out.residence_permit_expires = input.residencePermitExpires;
  if (input.relation !== undefined) out.relation = input.relation;
  if (input.movedInAt !== undefined) out.moved_in_at = input.movedInAt;
  return out;
}

export async function createResident(ctx: AppContext, audit: AuditContext, actor: Actor, input: ResidentInput & { gridId: string }): Promise<string> {
  const grid = await loadOrgFor(ctx.db, actor, input.gridId, 'registry:write');
  if (grid.kind !== 'grid') throw new AppError('GRID_REQUIRED');
  const now = ctx.clock.now();
  const personal = encodePersonalOrThrow(ctx.crypto, input, now);
  const id = newId();
  const at = now.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await assertUniqueIdNumber(trx, personal.id_number_idx);
    await assertTags(trx, input.tags ?? []);
    await assertHomeInGrid(trx, input.homeId, grid.id);
    const row: ResidentsTable = {
      id,
      grid_id: grid.id,
      org_path: grid.path,
      home_id: input.homeId ?? null,
      household_id: null,
      relation: null,
      political_status: null,
      education: null,
      occupation: null,
      employer: null,
      registration_type: 'local',
      residence_permit_no: null,
      residence_permit_expires: null,
      moved_in_at: null,
      ...plainColumns(input),
      ...personal,
      status: 'living',
      import_id: null,
      created_at: at,
      updated_at: at,
    };
    await trx.insertInto('residents').values(row).execute();
    const householdId = await attachToHousehold(trx, at, row);
    if (householdId) await trx.updateTable('residents').set({ household_id: householdId }).where('id', '=', id).execute();
    if (input.tags?.length)
      await trx
        .insertInto('resident_tags')
        .values(input.tags.map((tag) => ({ resident_id: id, tag })))
        .execute();
    await recordHistory(trx, audit, at, id, 'create', []);
    await ctx.audit(trx, audit, { action: 'resident.create', targetType: 'resident', targetId: id, orgId: grid.id });
  });
  return id;
}

const PERSONAL_KEYS = ['name', 'idNumber', 'gender', 'birthDate', 'phone', 'ethnicity', 'religion'] as const;

/** Changes a resident; the history and audit name the fields changed, never their values. */
export async function updateResident(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor,
  id: string,
  input: Partial<ResidentInput> & { gridId?: string | undefined; status?: string | undefined },
): Promise<void> {
  const current = await findResident(ctx.db, actor, id);
  if (!current) throw new AppError('RESIDENT_NOT_FOUND');
  authorizeAbility(residentAbilities, 'update', actor, current);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const changes: Partial<ResidentsTable> = { ...plainColumns(input as ResidentInput) };
  const fields = Object.keys(input).filter((k) => (input as Record<string, unknown>)[k] !== undefined);
  let grid = { id: current.grid_id, path: current.org_path };
  if (input.gridId && input.gridId !== current.grid_id) {
    const target = await loadOrgFor(ctx.db, actor, input.gridId, 'registry:write');
    if (target.kind !== 'grid') throw new AppError('GRID_REQUIRED');
    grid = target;
    changes.grid_id = target.id;
    changes.org_path = target.path;
  }
  if (PERSONAL_KEYS.some((k) => input[k] !== undefined)) {
    // Personal fields are re-encoded together so that masks, indexes and pinyin stay consistent.
    const stored = await ctx.db
      .selectFrom('residents')
      .select(['id_number_enc', 'phone_enc', 'ethnicity_enc', 'religion_enc'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const dec = (v: string | null, c: string) => (v ? ctx.crypto.decrypt(v, c) : null);
    const merged: PersonalInput = {
      name: input.name ?? current.name,
      idNumber: input.idNumber !== undefined ? input.idNumber : dec(stored.id_number_enc, FIELD_CONTEXT.idNumber),
      gender: input.gender !== undefined ? input.gender : current.gender,
      birthDate: input.birthDate !== undefined ? input.birthDate : current.birth_date,
      phone: input.phone !== undefined ? input.phone : dec(stored.phone_enc, FIELD_CONTEXT.phone),
      ethnicity: input.ethnicity !== undefined ? input.ethnicity : dec(stored.ethnicity_enc, FIELD_CONTEXT.ethnicity),
      religion: input.religion !== undefined ? input.religion : dec(stored.religion_enc, FIELD_CONTEXT.religion),
    };
    Object.assign(changes, encodePersonalOrThrow(ctx.crypto, merged, now));
  }
  if (input.status !== undefined) changes.status = input.status;
  if (input.homeId !== undefined) changes.home_id = input.homeId;
  await ctx.db.transaction().execute(async (trx) => {
    if (changes.id_number_idx) await assertUniqueIdNumber(trx, changes.id_number_idx, id);
    if (input.homeId !== undefined) await assertHomeInGrid(trx, input.homeId, grid.id);
    if (input.tags) await assertTags(trx, input.tags);
    if (input.homeId !== undefined && input.homeId !== current.home_id) changes.household_id = null;
    await trx
      .updateTable('residents')
      .set({ ...changes, updated_at: at })
      .where('id', '=', id)
      .execute();
    if (input.tags) {
      await trx.deleteFrom('resident_tags').where('resident_id', '=', id).execute();
      if (input.tags.length)
        await trx
          .insertInto('resident_tags')
          .values(input.tags.map((tag) => ({ resident_id: id, tag })))
          .execute();
    }
    if ((input.homeId !== undefined || input.relation !== undefined) && (changes.home_id ?? current.home_id)) {
      const householdId = await attachToHousehold(trx, at, {
        id,
        home_id: changes.home_id ?? current.home_id,
        org_path: grid.path,
        relation: changes.relation ?? current.relation,
        registration_type: changes.registration_type ?? current.registration_type,
      });
      if (householdId) await trx.updateTable('residents').set({ household_id: householdId }).where('id', '=', id).execute();
    }
    const action =
      input.status === 'moved-out' ? 'move-out' : input.status === 'deceased' ? 'deceased' : input.gridId || input.homeId !== undefined ? 'move' : 'update';
    await recordHistory(trx, audit, at, id, action, fields);
    await ctx.audit(trx, audit, { action: 'resident.update', targetType: 'resident', targetId: id, orgId: grid.id, details: { fields } });
  });
}

/**
 * Shows one personal field of one resident to someone who may see it and says why. The reason is
 * kept in the audit log; the value never is.
 */
export async function revealField(
  ctx: AppContext,
  audit: AuditContext,
  actor: Actor,
  id: string,
  field: RevealableField,
  reason: string,
): Promise<string | null> {
  const current = await findResident(ctx.db, actor, id);
  if (!current) throw new AppError('RESIDENT_NOT_FOUND');
  authorizeAbility(residentAbilities, 'reveal', actor, current);
  const column = ({ idNumber: 'id_number_enc', phone: 'phone_enc', ethnicity: 'ethnicity_enc', religion: 'religion_enc' } as const)[field];
  const stored = await ctx.db.selectFrom('residents').select(column).where('id', '=', id).executeTakeFirstOrThrow();
  const cipher = (stored as Record<string, string | null>)[column] ?? null;
  const value = cipher ? ctx.crypto.decrypt(cipher, FIELD_CONTEXT[field]) : null;
  await ctx.audit(ctx.db, audit, { action: 'resident.reveal', targetType: 'resident', targetId: id, orgId: current.grid_id, details: { field, reason } });
  return value;
}
