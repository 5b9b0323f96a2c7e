import type { SelectQueryBuilder } from 'kysely';
import type { List, PageQuery } from '@lingyan/shared';

/** Runs a filtered query as one page plus its total, in the shape every list route returns. */
export async function paginate<DB, TB extends keyof DB, O, T>(
  query: SelectQueryBuilder<DB, TB, O>,
  page: PageQuery,
  orderAndSelect: (q: SelectQueryBuilder<DB, TB, O>) => SelectQueryBuilder<DB, TB, T>,
): Promise<List<T>> {
  const countRow = (await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirst()) as { total: number | string } | undefined;
  const items = await orderAndSelect(query)
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute();
  return { items: items as T[], total: Number(countRow?.total ?? 0), page: page.page, pageSize: page.pageSize };
}
