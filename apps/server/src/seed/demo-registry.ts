import type { Kysely } from 'kysely';
import type { CryptoProvider } from '../platform/crypto/provider.ts';
import type { DB } from '../platform/db/schema.ts';
import type { SeededTree } from './org-tree.ts';
import { insertRows } from './insert-rows.ts';
import { villageKind } from './division-data.ts';
import { type Grid } from './demo-registry.generator.ts';
import { type Rows, generateCommunity } from './demo-registry.rows.ts';

/**
 * Synthetic, realistic registry data (人房户) for the urban communities of the Shawan demo:
 * buildings, units and homes of every grid, a few shops, schools and markets, households of
 * local residents, rented homes with non-local tenants and their residence permits, and in every
 * community a few records that need action (a late tenancy registration, a permit expiring within
 * 30 days, an expired permit, a rented home without a current tenancy).
 *
 * Everything comes from a seeded PRNG, one stream per community, so reseeding on the same day
 * gives the same people, names, ID numbers and homes, and a smaller scope ('small') gives the
 * same data for the communities it includes. Nothing personal is logged.
 */

/** 'full': the 14 urban communities; 'small': 天山路社区 and 广场路社区 only (fast, for tests). */
export type RegistryScope = 'full' | 'small' | 'none';

/** The communities 'small' seeds: the demo accounts' 天山路社区 and 广场路社区 (scope tests). */
export const SMALL_REGISTRY_COMMUNITIES = ['654203002009', '654203002015'] as const;

/** Raise when the generator changes, so the data of a reseed is knowingly different. */
export const SEED = 'lingyan-demo-registry-v1';
export const URBAN_TOWNSHIPS = ['654203001', '654203002', '654203003', '654203004'];
export const SEED_ACTOR = '演示数据';

export type RegistryCounts = {
  communities: number;
  grids: number;
  buildings: number;
  units: number;
  homes: number;
  places: number;
  households: number;
  residents: number;
  tenancies: number;
  rentedHomes: number;
  tags: number;
};

export function urbanCommunities(tree: SeededTree): { code: string; name: string; index: number; grids: Grid[] }[] {
  const codes = [...tree.byCode.keys()].filter((c) => c.length === 12 && URBAN_TOWNSHIPS.includes(c.slice(0, 9)) && villageKind(c) === 'community').sort();
  return codes.map((code, index) => {
    const grids: Grid[] = [];
    for (let g = 1; ; g++) {
      const gridCode = `${code}${String(g).padStart(3, '0')}`;
      const node = tree.byCode.get(gridCode);
      if (!node) break;
      grids.push({ ...node, code: gridCode, index: g });
    }
    return { code, name: tree.byCode.get(code)!.name, index, grids };
  });
}

/** Seeds the registry of the demo's urban communities in one transaction; returns what it made. */
export async function seedDemoRegistry(
  db: Kysely<DB>,
  crypto: CryptoProvider,
  tree: SeededTree,
  now: string,
  scope: RegistryScope = 'full',
): Promise<RegistryCounts> {
  const counts: RegistryCounts = {
    communities: 0,
    grids: 0,
    buildings: 0,
    units: 0,
    homes: 0,
    places: 0,
    households: 0,
    residents: 0,
    tenancies: 0,
    rentedHomes: 0,
    tags: 0,
  };
  if (scope === 'none') return counts;
  // Dates are China dates, as the app computes ages and permit states.
  const today = new Date(Date.parse(now) + 8 * 3600_000).toISOString().slice(0, 10);
  const rows: Rows = { buildings: [], units: [], homes: [], households: [], residents: [], tags: [], history: [], tenancies: [] };
  for (const c of urbanCommunities(tree)) {
    if (scope === 'small' && !(SMALL_REGISTRY_COMMUNITIES as readonly string[]).includes(c.code)) continue;
    generateCommunity(c.code, c.name, c.index, c.grids, today, now, crypto, rows, counts);
    counts.communities++;
    counts.grids += c.grids.length;
  }
  counts.buildings = rows.buildings.length;
  counts.units = rows.units.length;
  await db.transaction().execute(async (trx) => {
    await insertRows(trx, 'buildings', rows.buildings);
    await insertRows(trx, 'building_units', rows.units);
    await insertRows(trx, 'homes', rows.homes);
    await insertRows(trx, 'households', rows.households);
    await insertRows(trx, 'residents', rows.residents);
    await insertRows(trx, 'resident_tags', rows.tags);
    await insertRows(trx, 'resident_history', rows.history);
    await insertRows(trx, 'tenancies', rows.tenancies);
  });
  return counts;
}
