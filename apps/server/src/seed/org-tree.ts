import type { Kysely } from 'kysely';
import { childPath } from '@lingyan/shared';
import type { DB, OrgNodesTable } from '../platform/db/schema.ts';
import { newId } from '../platform/ids.ts';
import { loadCountyDivisions, placeName, villageKind } from './division-data.ts';

const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

/** Urban communities get 4–8 grids, villages 2–3; the count is fixed by the code so reseeding is stable. */
function gridCount(code: string, kind: 'community' | 'village'): number {
  const n = Number(code.slice(-3));
  return kind === 'community' ? 4 + (n % 5) : 2 + (n % 2);
}

export type SeededTree = { rootId: string; byCode: Map<string, { id: string; path: string; name: string }> };

/** Inserts a county-level city's real tree (townships, communities, villages) with synthetic grids. */
export async function seedOrgTree(db: Kysely<DB>, countyCode: string, now: string): Promise<SeededTree> {
  const { county, townships, villages } = await loadCountyDivisions(countyCode);
  const rows: OrgNodesTable[] = [];
  const byCode = new Map<string, { id: string; path: string; name: string }>();
  const add = (code: string, name: string, kind: string, parent: { id: string; path: string } | null, sort: number) => {
    const id = newId();
    const path = childPath(parent?.path ?? null, id);
    rows.push({ id, code, name, kind, parent_id: parent?.id ?? null, path, depth: path.split('/').length - 3, sort_order: sort, created_at: now });
    const node = { id, path, name };
    byCode.set(code, node);
    return node;
  };
  const root = add(county.code, county.name, 'city', null, 0);
  townships.forEach((t, i) => add(t.code, t.name, 'township', root, i));
  villages.forEach((v, i) => {
    const township = byCode.get(v.code.slice(0, 9));
    if (!township) return;
    const kind = villageKind(v.code);
    const name = placeName(v.name);
    const unit = add(v.code, name, kind, township, i);
    for (let g = 1; g <= gridCount(v.code, kind); g++)
      add(`${v.code}${String(g).padStart(3, '0')}`, `${name}第${CHINESE_NUMERALS[g - 1]}网格`, 'grid', unit, g);
  });
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 200)
      await trx
        .insertInto('org_nodes')
        .values(rows.slice(i, i + 200))
        .execute();
  });
  return { rootId: root.id, byCode };
}
