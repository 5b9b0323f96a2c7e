import type { z } from 'zod';
import type { eventCategoryInputSchema, updateEventCategoryInputSchema } from '@lingyan/shared';
import type { AppContext } from '../../platform/context.ts';
import type { AuditContext } from '../../platform/audit/audit.ts';
import type { EventCategoriesTable } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';

type CategoryInput = z.infer<typeof eventCategoryInputSchema>;
type CategoryUpdate = z.infer<typeof updateEventCategoryInputSchema>;

const limitColumns = (i: Partial<Pick<CategoryInput, 'registerLimit' | 'dispatchLimit' | 'handleLimit'>>) => ({
  ...(i.registerLimit && { register_limit: i.registerLimit.value, register_unit: i.registerLimit.unit }),
  ...(i.dispatchLimit && { dispatch_limit: i.dispatchLimit.value, dispatch_unit: i.dispatchLimit.unit }),
  ...(i.handleLimit && { handle_limit: i.handleLimit.value, handle_unit: i.handleLimit.unit }),
});

/**
 * Adds a category to the two-level code table (GB/T 30428): a top category (大类) has a two-digit
 * code and no parent; a second-level one (小类) its parent's code plus two digits, of the same kind.
 */
export async function createEventCategory(ctx: AppContext, audit: AuditContext, input: CategoryInput): Promise<string> {
  const at = ctx.clock.now().toISOString();
  const id = newId();
  await ctx.db.transaction().execute(async (trx) => {
    let level = 1;
    if (input.parentId) {
      const parent = await trx.selectFrom('event_categories').selectAll().where('id', '=', input.parentId).executeTakeFirst();
      if (!parent || parent.level !== 1 || parent.kind !== input.kind || input.code.length !== 4 || !input.code.startsWith(parent.code))
        throw new AppError('EVENT_CATEGORY_PARENT_INVALID');
      level = 2;
    } else if (input.code.length !== 2) throw new AppError('EVENT_CATEGORY_PARENT_INVALID');
    const taken = await trx.selectFrom('event_categories').select('id').where('kind', '=', input.kind).where('code', '=', input.code).executeTakeFirst();
    if (taken) throw new AppError('EVENT_CATEGORY_CODE_TAKEN', { code: input.code });
    const row: EventCategoriesTable = {
      id,
      kind: input.kind,
      code: input.code,
      name: input.name,
      parent_id: input.parentId,
      level,
      register_limit: input.registerLimit.value,
      register_unit: input.registerLimit.unit,
      dispatch_limit: input.dispatchLimit.value,
      dispatch_unit: input.dispatchLimit.unit,
      handle_limit: input.handleLimit.value,
      handle_unit: input.handleLimit.unit,
      closing_condition: input.closingCondition,
      active: input.active ? 1 : 0,
      sort_order: input.sortOrder,
      created_at: at,
      updated_at: at,
    };
    await trx.insertInto('event_categories').values(row).execute();
    await ctx.audit(trx, audit, {
      action: 'event-category.create',
      targetType: 'event-category',
      targetId: id,
      details: { kind: input.kind, code: input.code },
    });
  });
  return id;
}

/** Edits a category: only the fields named change (its code, kind and level never do; it is taken out of service, never deleted). */
export async function updateEventCategory(ctx: AppContext, audit: AuditContext, id: string, input: CategoryUpdate): Promise<void> {
  const at = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const c = await trx.selectFrom('event_categories').select(['id', 'code', 'kind']).where('id', '=', id).executeTakeFirst();
    if (!c) throw new AppError('EVENT_CATEGORY_NOT_FOUND');
    await trx
      .updateTable('event_categories')
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...limitColumns(input),
        ...(input.closingCondition !== undefined && { closing_condition: input.closingCondition }),
        ...(input.active !== undefined && { active: input.active ? 1 : 0 }),
        ...(input.sortOrder !== undefined && { sort_order: input.sortOrder }),
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
    await ctx.audit(trx, audit, {
      action: 'event-category.update',
      targetType: 'event-category',
      targetId: id,
      details: { kind: c.kind, code: c.code, fields: Object.keys(input) },
    });
  });
}
