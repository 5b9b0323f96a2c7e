import type { Kysely } from 'kysely';
import { bboxOf, rectangle, type BoundaryGeometry } from '@lingyan/shared';
import type { DB, GridPeopleTable, GridsTable } from '../platform/db/schema.ts';
import { newId } from '../platform/ids.ts';
import type { SeededTree } from './org-tree.ts';
import { villageKind } from './division-data.ts';
import { prng, Rng } from './demo-random.ts';

const URBAN_TOWNSHIPS = ['654203001', '654203002', '654203003', '654203004'];
/** The city centre of 沙湾市 and the size of one community's block, in micro-degrees. */
const CENTRE = { lon: 85_620_000, lat: 44_330_000 };
const BLOCK = { lon: 12_000, lat: 9_000 };
const GAP = 600;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '马', '周', '吴', '孙', '胡', '朱', '高', '何', '郭', '罗', '艾', '努尔', '阿'];
const GIVEN = ['建国', '丽娜', '志强', '海燕', '晓东', '红梅', '伟', '芳', '军', '静', '古丽', '热合曼', '阿依努尔', '永红', '玉兰', '国庆', '新华', '亚楠'];
const name = (rng: Rng) => rng.pick(SURNAMES) + rng.pick(GIVEN);

/**
 * Demo grids of the 14 urban communities: a boundary for every grid (each community a block of
 * rectangles around the city centre, townships in rows, communities side by side, no overlaps),
 * a type (a few special grids), and the people of every grid — a grid worker account assigned to
 * it, the grid head and a sunk cadre from the community's staff, liaisons (楼栋长) who are
 * residents of its buildings, and its party group with members.
 */
export async function seedDemoGrids(db: Kysely<DB>, tree: SeededTree, now: string): Promise<void> {
  const rng = new Rng(prng('demo-grids'));
  const today = now.slice(0, 10);
  const termStart = `${today.slice(0, 4)}-01-01`;
  const communities = [...tree.byCode.keys()]
    .filter((c) => c.length === 12 && URBAN_TOWNSHIPS.includes(c.slice(0, 9)) && villageKind(c) === 'community')
    .sort();
  const byTownship = URBAN_TOWNSHIPS.map((t) => communities.filter((c) => c.startsWith(t)));
  const columns = Math.max(...byTownship.map((l) => l.length));
  const west = CENTRE.lon - (columns * BLOCK.lon) / 2;
  const north = CENTRE.lat + (URBAN_TOWNSHIPS.length * BLOCK.lat) / 2;
  const deg = (micro: number) => micro / 1e6;

  // The demo password's hash: grid workers and cadres sign in with the demo password like every demo account.
  const template = await db.selectFrom('users').select('password_hash').where('username', '=', 'tianshan-grid1').executeTakeFirstOrThrow();
  const existingWorkers = await db.selectFrom('assignments').select(['org_id', 'user_id']).where('role', '=', 'grid-worker').execute();
  const workerOf = new Map(existingWorkers.map((a) => [a.org_id, a.user_id]));

  const grids: GridsTable[] = [];
  const users: DB['users'][] = [];
  const assignments: DB['assignments'][] = [];
  const people: GridPeopleTable[] = [];
  const parties: DB['grid_party_orgs'][] = [];
  const person = (grid: { id: string; path: string }, p: Partial<GridPeopleTable> & Pick<GridPeopleTable, 'role' | 'name'>) =>
    people.push({
      id: newId(),
      grid_id: grid.id,
      org_path: grid.path,
      user_id: null,
      resident_id: null,
      building_id: null,
      party_role: null,
      valid_from: termStart,
      valid_to: null,
      created_at: now,
      created_by: null,
      ...p,
    });
  const account = (username: string, displayName: string, role: string, orgId: string) => {
    const id = newId();
    users.push({
      id,
      username,
      display_name: displayName,
      password_hash: template.password_hash,
      status: 'active',
      must_change_password: 0,
      failed_logins: 0,
      locked_until: null,
      locale: null,
      last_login_at: null,
      password_changed_at: null,
      created_at: now,
      updated_at: now,
    });
    assignments.push({ id: newId(), user_id: id, role, org_id: orgId, valid_from: termStart, valid_to: null, created_at: now, created_by: null });
    return id;
  };

  for (const [row, codes] of byTownship.entries()) {
    for (const [col, code] of codes.entries()) {
      const community = tree.byCode.get(code)!;
      const gridCodes = [...tree.byCode.keys()].filter((c) => c.length === 15 && c.startsWith(code)).sort();
      const x0 = west + col * BLOCK.lon + GAP;
      const x1 = west + (col + 1) * BLOCK.lon - GAP;
      const y1 = north - row * BLOCK.lat - GAP;
      const y0 = north - (row + 1) * BLOCK.lat + GAP;
      const yMid = Math.round((y0 + y1) / 2);
      const top = Math.ceil(gridCodes.length / 2);
      const bottom = gridCodes.length - top;
      // Two staff of the community (besides its demo accounts) who head grids and sink to them.
      const cadres = [0, 1].map((i) => {
        const displayName = `${name(rng)}（${community.name}干部）`;
        return { id: account(`${code}-c${i + 1}`, displayName, 'window-worker', community.id), name: displayName };
      });
      for (const [i, gridCodeText] of gridCodes.entries()) {
        const grid = tree.byCode.get(gridCodeText)!;
        const inTop = i < top;
        const n = inTop ? top : bottom;
        const k = inTop ? i : i - top;
        const gx0 = Math.round(x0 + ((x1 - x0) * k) / n);
        const gx1 = Math.round(x0 + ((x1 - x0) * (k + 1)) / n);
        const boundary: BoundaryGeometry = inTop ? rectangle(deg(gx0), deg(yMid), deg(gx1), deg(y1)) : rectangle(deg(gx0), deg(y0), deg(gx1), deg(yMid));
        const [minLon, minLat, maxLon, maxLat] = bboxOf(boundary);
        const type = i === gridCodes.length - 1 && gridCodes.length >= 6 ? rng.pick(['school', 'market', 'enterprise'] as const) : 'basic';
        grids.push({
          org_id: grid.id,
          org_path: grid.path,
          community_id: community.id,
          type,
          boundary: JSON.stringify(boundary),
          min_lon: minLon,
          min_lat: minLat,
          max_lon: maxLon,
          max_lat: maxLat,
          boundary_updated_at: now,
          updated_at: now,
          updated_by: null,
        });

        // The grid worker: an existing demo account where there is one, otherwise a new one.
        let workerId = workerOf.get(grid.id);
        if (!workerId) workerId = account(`grid-${gridCodeText}`, `${name(rng)}（${grid.name}网格员）`, 'grid-worker', grid.id);
        const head = cadres[i % 2]!;
        const sunk = cadres[(i + 1) % 2]!;
        person(grid, { role: 'head', user_id: head.id, name: head.name });
        person(grid, { role: 'sunk', user_id: sunk.id, name: sunk.name, valid_to: `${today.slice(0, 4)}-12-31` });
        parties.push({ grid_id: grid.id, org_path: grid.path, kind: 'group', name: `${grid.name}党小组`, updated_at: now });
        person(grid, { role: 'party-member', party_role: 'secretary', user_id: head.id, name: head.name });
      }
    }
  }

  // Liaisons (楼栋长) and party members from the registry: residents living in the grid's buildings.
  const gridIds = grids.map((g) => g.org_id);
  const byGrid = new Map(grids.map((g) => [g.org_id, g]));
  for (let i = 0; i < gridIds.length; i += 200) {
    const chunk = gridIds.slice(i, i + 200);
    const buildings = await db
      .selectFrom('buildings')
      .select(['id', 'grid_id', 'name'])
      .where('grid_id', 'in', chunk)
      .orderBy('grid_id')
      .orderBy('name')
      .execute();
    const firstBuildings = new Map<string, { id: string; name: string }[]>();
    for (const b of buildings) {
      const l = firstBuildings.get(b.grid_id) ?? [];
      if (l.length < 3) firstBuildings.set(b.grid_id, [...l, b]);
    }
    const picked = [...firstBuildings.values()].flat();
    const residents = picked.length
      ? await db
          .selectFrom('residents as r')
          .innerJoin('homes as h', 'h.id', 'r.home_id')
          .select(['r.id', 'r.name', 'r.grid_id', 'h.building_id', 'r.political_status'])
          .where(
            'h.building_id',
            'in',
            picked.map((b) => b.id),
          )
          .where('r.status', '=', 'living')
          .where('r.birth_date', '<', `${Number(today.slice(0, 4)) - 25}-01-01`)
          .orderBy('r.id')
          .execute()
      : [];
    const members = await db
      .selectFrom('residents')
      .select(['id', 'name', 'grid_id'])
      .where('grid_id', 'in', chunk)
      .where('political_status', '=', 'party-member')
      .where('status', '=', 'living')
      .orderBy('id')
      .execute();
    for (const gridId of chunk) {
      const g = byGrid.get(gridId)!;
      const ref = { id: gridId, path: g.org_path };
      for (const b of firstBuildings.get(gridId) ?? []) {
        const r = residents.find((x) => x.building_id === b.id);
        if (r) person(ref, { role: 'liaison', resident_id: r.id, name: r.name, building_id: b.id });
        else person(ref, { role: 'liaison', name: name(rng), building_id: b.id });
      }
      if (!firstBuildings.has(gridId)) person(ref, { role: 'liaison', name: name(rng) });
      const mine = members.filter((m) => m.grid_id === gridId).slice(0, 3);
      for (const m of mine) person(ref, { role: 'party-member', party_role: 'member', resident_id: m.id, name: m.name });
      if (!mine.length) for (let k = 0; k < 2; k++) person(ref, { role: 'party-member', party_role: 'member', name: name(rng) });
    }
  }

  await db.transaction().execute(async (trx) => {
    const insert = async <T extends keyof DB>(table: T, rows: DB[T][]) => {
      for (let i = 0; i < rows.length; i += 100)
        await trx
          .insertInto(table)
          .values(rows.slice(i, i + 100) as never)
          .execute();
    };
    await insert('users', users);
    await insert('assignments', assignments);
    await insert('grids', grids);
    await insert('grid_party_orgs', parties);
    await insert('grid_people', people);
  });
}
