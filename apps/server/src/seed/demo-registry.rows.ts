import { addDays } from '@lingyan/shared';
import type { CryptoProvider } from '../platform/crypto/provider.ts';
import type {
  BuildingUnitsTable,
  BuildingsTable,
  HomesTable,
  HouseholdsTable,
  ResidentHistoryTable,
  ResidentTagsTable,
  ResidentsTable,
  TenanciesTable,
} from '../platform/db/schema.ts';
import { newId } from '../platform/ids.ts';
import { encodePersonal } from '../modules/residents/resident-codec.ts';
import { type Person, type Place } from './demo-registry.people.ts';
import { type Grid, CommunityGenerator } from './demo-registry.generator.ts';
import { SEED_ACTOR, type RegistryCounts } from './demo-registry.ts';

/** A demo community as table rows: buildings, units, homes, places, households, residents, tenancies (see demo-registry.ts). */
export function roadOf(communityName: string): string {
  const base = communityName.replace(/社区$/, '');
  return base.endsWith('路') ? base : `${base}路`;
}

export const SHOPS = ['便民超市', '药店', '馕店', '拉面馆', '手抓饭馆', '理发店', '五金店', '烤肉店', '干洗店', '水果店', '粮油店', '通讯店'];

export type Rows = {
  buildings: BuildingsTable[];
  units: BuildingUnitsTable[];
  homes: HomesTable[];
  households: HouseholdsTable[];
  residents: ResidentsTable[];
  tags: ResidentTagsTable[];
  history: ResidentHistoryTable[];
  tenancies: TenanciesTable[];
};

export function generateCommunity(
  code: string,
  name: string,
  index: number,
  grids: Grid[],
  today: string,
  now: string,
  crypto: CryptoProvider,
  rows: Rows,
  counts: RegistryCounts,
): void {
  const road = roadOf(name);
  const short = road.replace(/路$/, '');
  const gen = new CommunityGenerator(code, index, road, today, now);
  const rng = gen.rng;
  const createdAt = new Date(Date.parse(now) - 1000).toISOString();
  const places: (Place & { grid: Grid })[] = [];

  for (const grid of grids) {
    const compound = grid.index * 6 + rng.int(1, 5);
    const buildingCount = rng.int(2, 4);
    const homeRow = (over: Partial<HomesTable> & Pick<HomesTable, 'kind' | 'address' | 'use' | 'ownership'>): HomesTable => ({
      id: newId(),
      grid_id: grid.id,
      org_path: grid.path,
      building_id: null,
      unit_id: null,
      name: null,
      room_no: null,
      area_m2: null,
      is_rented: 0,
      created_at: createdAt,
      updated_at: createdAt,
      ...over,
    });
    const gridHomes: Place[] = [];
    for (let b = 1; b <= buildingCount; b++) {
      const floors = rng.int(4, 6);
      const building: BuildingsTable = {
        id: newId(),
        grid_id: grid.id,
        org_path: grid.path,
        name: `${b}号楼`,
        address: `沙湾市${road}${compound}号院${b}号楼`,
        kind: 'residential',
        floors,
        created_at: createdAt,
        updated_at: createdAt,
      };
      rows.buildings.push(building);
      const unitCount = rng.int(2, 3);
      const baseArea = rng.int(60, 110);
      for (let u = 1; u <= unitCount; u++) {
        const unit: BuildingUnitsTable = { id: newId(), building_id: building.id, name: `${u}单元`, sort_order: u - 1 };
        rows.units.push(unit);
        for (let f = 1; f <= floors; f++) {
          for (let k = 1; k <= 2; k++) {
            const room = `${f}0${k}`;
            gridHomes.push({
              home: homeRow({
                building_id: building.id,
                unit_id: unit.id,
                kind: 'home',
                room_no: room,
                address: `沙湾市${road}${compound}号院${b}号楼${u}单元${room}室`,
                area_m2: baseArea + (k === 1 ? 0 : 18) + rng.int(-3, 3) + 0.5 * rng.int(0, 1),
                use: 'residential',
                ownership: rng.chance(0.05) ? 'public-rental' : 'private',
              }),
              household: null,
              tenancy: null,
            });
          }
        }
      }
    }
    // Non-residential places: a shop on the street, then a school, a market or a second shop.
    const street = 100 + grid.index * 10;
    rows.homes.push(
      homeRow({
        kind: 'shop',
        name: `${short}${rng.pick(SHOPS)}`,
        address: `沙湾市${road}${street + 1}号`,
        area_m2: rng.int(30, 120),
        use: 'commercial',
        ownership: 'private',
      }),
    );
    const second = grid.index === 1 ? 'office' : (['school', 'market', 'shop'] as const)[grid.index % 3]!;
    const secondPlace =
      second === 'office'
        ? homeRow({ kind: 'office', name: `${name}党群服务中心`, address: `沙湾市${road}${street + 3}号`, area_m2: 420, use: 'other', ownership: 'collective' })
        : second === 'school'
          ? homeRow({
              kind: 'school',
              name: `${short}${grid.index % 2 ? '幼儿园' : '小学'}`,
              address: `沙湾市${road}${street + 5}号`,
              area_m2: rng.int(1500, 6000),
              use: 'other',
              ownership: 'other',
            })
          : second === 'market'
            ? homeRow({
                kind: 'market',
                name: `${short}农贸市场`,
                address: `沙湾市${road}${street + 7}号`,
                area_m2: rng.int(800, 3000),
                use: 'commercial',
                ownership: 'company',
              })
            : homeRow({
                kind: 'shop',
                name: `${short}${rng.pick(SHOPS)}`,
                address: `沙湾市${road}${street + 9}号`,
                area_m2: rng.int(30, 120),
                use: 'commercial',
                ownership: 'private',
              });
    rows.homes.push(secondPlace);
    counts.places += 2;

    // Who lives where: about 63% owners, 12% tenants (more in a community's first grid), the rest empty.
    const rentShare = grid.index === 1 ? 0.18 : 0.12;
    let rented = 0;
    for (const place of gridHomes) {
      const r = rng.next();
      if (r < rentShare && place.home.ownership === 'private') {
        place.home.is_rented = 1;
        rented++;
      } else if (r < rentShare + 0.63) place.household = gen.localHousehold();
    }
    // Every community's first grid has enough rented homes for the records that need action.
    for (const place of gridHomes) {
      if (grid.index !== 1 || rented >= 6) break;
      if (!place.home.is_rented && !place.household) {
        place.home.is_rented = 1;
        rented++;
      }
    }
    for (const place of gridHomes) {
      rows.homes.push(place.home);
      if (place.home.is_rented) {
        const start = addDays(today, -rng.int(25, 700));
        const delay = rng.weighted([
          [0, 50],
          [1, 25],
          [2, 15],
          [3, 10],
        ] as const);
        place.household = gen.tenantHousehold(start);
        place.tenancy = {
          start,
          end: rng.chance(0.5) ? null : addDays(today, rng.int(40, 400)),
          registeredOn: addDays(start, delay),
          delay,
          contractNo: gen.contractNo(start),
          landlordKey: null,
        };
      }
      places.push({ ...place, grid });
    }
  }

  // The demo's named people: 张三 in 天山路社区第一网格 (pinyin zs), 张三丰 in 广场路社区.
  const named =
    code === '654203002009'
      ? { headName: '张三', surname: '张', headAge: 46 }
      : code === '654203002015'
        ? { headName: '张三丰', surname: '张', headAge: 52 }
        : null;
  if (named) {
    const spot = places.find((p) => p.grid.index === 1 && !p.home.is_rented);
    if (spot) spot.household = gen.localHousehold(named);
  }

  // Landlords: an owner in the same grid.
  const owners = new Map<string, Person[]>();
  for (const p of places) if (p.household?.kind === 'local') owners.set(p.grid.id, [...(owners.get(p.grid.id) ?? []), p.household.members[0]!]);
  for (const p of places) if (p.tenancy && rng.chance(0.85)) p.tenancy.landlordKey = rng.pick(owners.get(p.grid.id) ?? [{ key: -1 } as Person]).key;

  // Records that need action: in the first grid, and in 天山路社区 once more in another grid.
  const rentedPlaces = places.filter((p) => p.tenancy);
  const attentionGrids = code === '654203002009' ? [1, 2 + rng.int(0, grids.length - 2)] : [1];
  for (const gi of attentionGrids) {
    const pool = rentedPlaces.filter((p) => p.grid.index === gi);
    const take = () => pool.splice(rng.int(0, pool.length - 1), 1)[0];
    const late = take();
    if (late?.tenancy) {
      late.tenancy.delay = rng.int(5, 10);
      late.tenancy.start = addDays(today, -rng.int(15, 90));
      late.tenancy.registeredOn = addDays(late.tenancy.start, late.tenancy.delay);
      late.tenancy.end = null;
      for (const m of late.household!.members) m.movedIn = late.tenancy.start > m.birth ? late.tenancy.start : m.birth;
    }
    const expiring = take();
    const expiringHead = expiring?.household?.members[0];
    if (expiringHead?.permitNo) expiringHead.permitExpires = addDays(today, rng.int(3, 25));
    const expired = take();
    const expiredHead = expired?.household?.members[0];
    if (expiredHead?.permitNo) expiredHead.permitExpires = addDays(today, -rng.int(3, 60));
    const ended = take();
    if (ended?.tenancy) {
      // The tenants left; the home is still marked rented and nobody has registered since.
      ended.tenancy.end = addDays(today, -rng.int(20, 90));
      if (ended.tenancy.start >= ended.tenancy.end) ended.tenancy.start = addDays(ended.tenancy.end, -rng.int(180, 400));
      ended.tenancy.registeredOn = addDays(ended.tenancy.start, ended.tenancy.delay);
      for (const m of ended.household!.members) m.status = 'moved-out';
    }
  }

  // Rows.
  const today0 = new Date(now);
  const residentId = new Map<number, string>();
  for (const place of places) {
    const h = place.household;
    if (!h) continue;
    const householdId = newId();
    const ids = h.members.map(() => newId());
    h.members.forEach((m, i) => residentId.set(m.key, ids[i]!));
    rows.households.push({
      id: householdId,
      home_id: place.home.id,
      org_path: place.grid.path,
      head_resident_id: ids[0]!,
      registration_type: h.kind,
      created_at: createdAt,
      updated_at: createdAt,
    });
    h.members.forEach((m, i) => {
      const id = ids[i]!;
      const encoded = encodePersonal(crypto, { name: m.name, idNumber: gen.idNumber(m), phone: m.phone, ethnicity: m.ethnic.code }, today0);
      if ('problem' in encoded)
        throw new Error(`demo registry: generated ${encoded.problem.field} is invalid (${encoded.problem.problem ?? encoded.problem.code})`);
      const changed = m.status !== 'living';
      rows.residents.push({
        id,
        grid_id: place.grid.id,
        org_path: place.grid.path,
        home_id: place.home.id,
        household_id: householdId,
        relation: m.relation,
        political_status: m.political,
        education: m.education,
        occupation: m.occupation,
        employer: m.employer,
        registration_type: m.registration,
        residence_permit_no: m.permitNo,
        residence_permit_expires: m.permitExpires,
        status: m.status,
        moved_in_at: m.movedIn,
        import_id: null,
        created_at: createdAt,
        updated_at: changed ? now : createdAt,
        ...encoded.columns,
      });
      rows.history.push({ id: newId(), resident_id: id, at: createdAt, actor_id: null, actor_name: SEED_ACTOR, action: 'create', fields: '[]', note: null });
      if (changed)
        rows.history.push({
          id: newId(),
          resident_id: id,
          at: now,
          actor_id: null,
          actor_name: SEED_ACTOR,
          action: m.status === 'moved-out' ? 'move-out' : 'deceased',
          fields: '["status"]',
          note: null,
        });
      for (const tag of m.tags) rows.tags.push({ resident_id: id, tag });
      counts.tags += m.tags.size;
    });
    counts.households++;
    counts.residents += h.members.length;
  }
  for (const place of places) {
    const t = place.tenancy;
    if (!t) continue;
    rows.tenancies.push({
      id: newId(),
      home_id: place.home.id,
      org_path: place.grid.path,
      tenant_id: residentId.get(place.household!.members[0]!.key)!,
      landlord_id: t.landlordKey === null ? null : (residentId.get(t.landlordKey) ?? null),
      start_date: t.start,
      end_date: t.end,
      contract_no: t.contractNo,
      registered_on: t.registeredOn,
      registration_delay_days: t.delay,
      created_at: createdAt,
      updated_at: createdAt,
    });
    counts.tenancies++;
    counts.rentedHomes++;
  }
  counts.homes += places.length;
}

/** The urban communities (under the four 街道) of the tree, in code order, with their grids. */
