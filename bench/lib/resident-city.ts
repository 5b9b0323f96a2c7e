// A city of N synthetic residents in a real app data folder (SQLite), generated once and cached
// under bench/results/.cache/ so repeated runs reuse it.
//
// The schema comes from the app's own migrations and the org tree from seedOrgTree (via the demo
// seed, without its registry); residents are written with better-sqlite3 directly, in big
// transactions, with the secondary indexes dropped during the load and rebuilt after. Searchable
// columns are encoded exactly as the app encodes them (the blind indexes with the data folder's
// key, masks, last four, pinyin keys, org path); only the ciphertexts of ID number, phone and
// ethnicity are placeholders, since search never decrypts and real encryption would triple the
// generation time. The first rows are checked against the app's encodePersonal.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addDays, checkCharacter, maskIdNumber, maskPhone, pinyinKeys } from '@lingyan/shared';
import { loadConfig, type Config } from '../../apps/server/src/platform/config.ts';
import { openRuntime } from '../../apps/server/src/platform/runtime.ts';
import { encodePersonal, idNumberIndex, phoneIndex } from '../../apps/server/src/modules/residents/resident-codec.ts';
import { seedDemo } from '../../apps/server/src/seed/demo.ts';
import { syntheticNames } from '../../apps/server/src/seed/demo-registry.names.ts';
import { PHONE_PREFIXES } from '../../apps/server/src/seed/demo-registry.people.ts';
import { loadBetterSqlite } from './sqlite.ts';
import type { BenchContext } from './types.ts';

/** Raise when the generated data or its encoding changes: the cache is keyed by it. */
export const CITY_VERSION = 'v1';
export const CITY_PASSWORD = 'Bench-City-2026!';
/** The community leader's community (the demo account `tianshan`). */
export const LEADER_COMMUNITY = '654203002009';
const SAMPLES = 2000;
const PLACEHOLDER = 'bench.placeholder.not-encrypted';

export interface CityMeta {
  version: string;
  residents: number;
  generatedAt: string;
  generationSeconds: number;
  /** Sample queries: initials prefixes (2–3 letters) of real rows, and full ID numbers. */
  city: { initials: string[]; ids: string[] };
  leader: { initials: string[]; ids: string[] };
}

export interface City {
  dataDir: string;
  meta: CityMeta;
  cached: boolean;
}

/** The app's config for a data folder, with no web build and no logging. */
export function cityConfig(dataDir: string, databaseUrl: string | null = null): Config {
  return {
    ...loadConfig({ LINGYAN_DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), LOG_LEVEL: 'silent' }),
    webDistDir: '/nonexistent',
  };
}

export async function ensureCity(ctx: BenchContext, residents: number): Promise<City> {
  const cacheRoot = path.join(ctx.rootDir, 'bench', 'results', '.cache');
  const dataDir = path.join(cacheRoot, `resident-city-${CITY_VERSION}-${residents}`);
  const metaFile = path.join(dataDir, 'meta.json');
  if (existsSync(metaFile)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as CityMeta;
    if (meta.version === CITY_VERSION && meta.residents === residents) {
      ctx.log(`  resident city: cached ${path.relative(ctx.rootDir, dataDir)}`);
      return { dataDir, meta, cached: true };
    }
  }
  // Generated beside the final folder and renamed when complete, so a crash leaves no half cache.
  const partial = `${dataDir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  ctx.defer(() => rmSync(partial, { recursive: true, force: true }));
  const started = performance.now();
  const meta = await generate(ctx, partial, residents);
  meta.generationSeconds = (performance.now() - started) / 1000;
  writeFileSync(path.join(partial, 'meta.json'), `${JSON.stringify(meta, null, 1)}\n`);
  rmSync(dataDir, { recursive: true, force: true });
  renameSync(partial, dataDir);
  ctx.log(`  resident city: generated ${residents.toLocaleString('en-US')} residents in ${meta.generationSeconds.toFixed(1)} s`);
  return { dataDir, meta, cached: false };
}

type Grid = { id: string; path: string; code: string; weight: number };

/** sfc32 from a 32-bit seed: the generator is deterministic except for the UUIDs. */
function rng(seed: number): () => number {
  let a = 0x9e3779b9,
    b = 0x243f6a88,
    c = 0xb7e15162,
    d = seed >>> 0;
  const next = () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}

/** Time-ordered UUIDv7 text ids, like the app's newId(), from one random buffer for many ids. */
function idSource(): () => string {
  let pool = Buffer.alloc(0);
  let offset = 0;
  const bytes = Buffer.alloc(16);
  return () => {
    if (offset + 16 > pool.length) {
      pool = randomBytes(16 * 8192);
      offset = 0;
    }
    pool.copy(bytes, 0, offset, offset + 16);
    offset += 16;
    bytes.writeUIntBE(Date.now(), 0, 6);
    bytes[6] = 0x70 | (bytes[6]! & 0x0f);
    bytes[8] = 0x80 | (bytes[8]! & 0x3f);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}

const COLUMNS = [
  'id',
  'grid_id',
  'org_path',
  'home_id',
  'household_id',
  'relation',
  'name',
  'name_pinyin',
  'name_initials',
  'gender',
  'birth_date',
  'id_number_enc',
  'id_number_idx',
  'id_number_masked',
  'id_last4',
  'phone_enc',
  'phone_idx',
  'phone_masked',
  'ethnicity_enc',
  'religion_enc',
  'political_status',
  'education',
  'occupation',
  'employer',
  'registration_type',
  'residence_permit_no',
  'residence_permit_expires',
  'status',
  'moved_in_at',
  'import_id',
  'created_at',
  'updated_at',
] as const;
type Row = Record<(typeof COLUMNS)[number], string | null>;

const REGIONS_OTHER = ['654201', '654202', '654221', '654224', '654225', '654226'];
const EDUCATION = ['primary', 'junior-secondary', 'senior-secondary', 'vocational', 'college', 'bachelor'];
const OCCUPATIONS = ['个体经营', '企业职工', '农业种植', '教师', '司机', '餐饮服务', '销售', '畜牧养殖', '待业', '离退休'];

async function generate(ctx: BenchContext, dataDir: string, count: number): Promise<CityMeta> {
  const now = new Date().toISOString();
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  // Schema, roles, tags, key (openRuntime), then the tree of 沙湾市 and the demo accounts.
  const runtime = await openRuntime(cityConfig(dataDir));
  const crypto = runtime.ctx.crypto;
  await seedDemo(runtime.ctx.db, CITY_PASSWORD, now, { registry: 'none' });
  const grids = (await runtime.ctx.db.selectFrom('org_nodes').select(['id', 'path', 'code']).where('kind', '=', 'grid').orderBy('code').execute()).map((g) => ({
    ...g,
    // Urban communities (under the 街道, 0xx–1xx) are denser than villages.
    weight: g.code.slice(6, 9) < '100' && Number(g.code.slice(9, 12)) < 200 ? 3 : 1,
  })) as Grid[];
  const leaderPath = (await runtime.ctx.db.selectFrom('org_nodes').select('path').where('code', '=', LEADER_COMMUNITY).executeTakeFirstOrThrow()).path;
  await runtime.close();

  const Database = loadBetterSqlite(ctx.rootDir);
  const db = new Database(path.join(dataDir, 'lingyan.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    db.pragma('temp_store = MEMORY');
    // Secondary indexes are rebuilt after the load: far faster than maintaining ten b-trees per row.
    const indexes = db.prepare(`select name, sql from sqlite_master where type = 'index' and tbl_name = 'residents' and sql is not null`).all() as {
      name: string;
      sql: string;
    }[];
    for (const ix of indexes) db.exec(`drop index ${ix.name}`);
    const insert = db.prepare(`insert into residents (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`);

    const random = rng(20261126);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const names = syntheticNames(`bench-city-${CITY_VERSION}`);
    const nextId = idSource();
    const pinyinCache = new Map<string, { full: string; initials: string }>();
    const sequences = new Map<string, number>();
    const cumulative: number[] = [];
    let totalWeight = 0;
    for (const g of grids) cumulative.push((totalWeight += g.weight));
    const pickGrid = (): Grid => {
      const r = random() * totalWeight;
      let lo = 0,
        hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! > r) hi = mid;
        else lo = mid + 1;
      }
      return grids[lo]!;
    };
    const samples = { city: { initials: [] as string[], ids: [] as string[] }, leader: { initials: [] as string[], ids: [] as string[] } };
    const sampleEvery = Math.max(1, Math.floor(count / SAMPLES));
    // The leader's community holds a few percent of the city; sample it more densely.
    const leaderEvery = Math.max(1, Math.floor(count / (SAMPLES * 20)));
    const todayDate = new Date(now);
    let phoneSerial = 0;
    let checked = 0;

    const makeRow = (i: number): { row: Row; idNumber: string; phone: string | null; ethnicity: string } => {
      const grid = pickGrid();
      // A pyramid skewed to working age: about 19% under 18, 16% 60 and over, 3% 80 and over.
      const r = random();
      const age = r < 0.19 ? Math.floor(random() * 18) : r < 0.84 ? 18 + Math.floor(random() * 42) : 60 + Math.floor(35 * Math.pow(random(), 1.8));
      const birth = addDays(today, -(Math.floor(age * 365.2425) + 1 + Math.floor(random() * 364)));
      const male = random() < 0.5;
      const region = birth >= '2021-01-01' ? '654203' : random() < 0.85 ? '654223' : pick(REGIONS_OTHER);
      const key = region + birth;
      const k = sequences.get(key) ?? 0;
      sequences.set(key, k + 1);
      if (k >= 500) return makeRow(i); // that day is full for this region: draw again
      const first17 = `${region}${birth.replaceAll('-', '')}${String(k * 2 + (male ? 1 : 0)).padStart(3, '0')}`;
      const idNumber = first17 + checkCharacter(first17);
      const person = names(male ? 'male' : 'female', Number(birth.slice(0, 4)));
      let keys = pinyinCache.get(person.name);
      if (!keys) pinyinCache.set(person.name, (keys = pinyinKeys(person.name)));
      const phone =
        age >= 16 && random() < 0.88 ? `${pick(PHONE_PREFIXES)}${String((phoneSerial++ * 7_919_993 + 12_345_678) % 100_000_000).padStart(8, '0')}` : null;
      const status = random() < 0.97 ? 'living' : random() < 0.6 ? 'moved-out' : 'deceased';
      const row: Row = {
        id: nextId(),
        grid_id: grid.id,
        org_path: grid.path,
        home_id: null,
        household_id: null,
        relation: null,
        name: person.name,
        name_pinyin: keys.full,
        name_initials: keys.initials,
        gender: male ? 'male' : 'female',
        birth_date: birth,
        id_number_enc: PLACEHOLDER,
        id_number_idx: idNumberIndex(crypto, idNumber),
        id_number_masked: maskIdNumber(idNumber),
        id_last4: idNumber.slice(-4),
        phone_enc: phone ? PLACEHOLDER : null,
        phone_idx: phone ? phoneIndex(crypto, phone) : null,
        phone_masked: phone ? maskPhone(phone) : null,
        ethnicity_enc: PLACEHOLDER,
        religion_enc: null,
        political_status: age >= 18 ? (random() < 0.09 ? 'party-member' : 'masses') : age >= 14 ? 'league-member' : null,
        education: age >= 6 ? pick(EDUCATION) : null,
        occupation: age >= 18 ? (age >= 60 ? '离退休' : pick(OCCUPATIONS)) : age >= 6 ? '学生' : null,
        employer: null,
        registration_type: 'local',
        residence_permit_no: null,
        residence_permit_expires: null,
        status,
        moved_in_at: null,
        import_id: null,
        created_at: now,
        updated_at: now,
      };
      // Sample queries: initials cut to 2 or 3 letters, and full ID numbers, of rows that exist.
      const sample = (into: { initials: string[]; ids: string[] }) => {
        const cut = keys.initials.slice(0, random() < 0.5 ? 2 : 3);
        if (cut.length >= 2) into.initials.push(cut);
        into.ids.push(idNumber);
      };
      if (i % sampleEvery === 0) sample(samples.city);
      if (grid.path.startsWith(leaderPath) && i % leaderEvery === 0 && samples.leader.ids.length < SAMPLES) sample(samples.leader);
      return { row, idNumber, phone, ethnicity: person.ethnicity };
    };

    const BATCH = 50_000;
    const insertBatch = db.transaction((rows: Row[]) => {
      for (const row of rows) insert.run(COLUMNS.map((c) => row[c]));
    });
    let done = 0;
    let lastLog = performance.now();
    while (done < count) {
      const rows: Row[] = [];
      for (let i = 0; i < BATCH && done + i < count; i++) {
        const made = makeRow(done + i);
        // The encoding must be the app's: compare the first rows with encodePersonal.
        if (checked < 200) {
          checked++;
          const app = encodePersonal(crypto, { name: made.row.name!, idNumber: made.idNumber, phone: made.phone, ethnicity: made.ethnicity }, todayDate);
          if ('problem' in app) throw new Error(`generated resident ${done + i} is invalid: ${JSON.stringify(app.problem)}`);
          for (const [column, value] of Object.entries(app.columns)) {
            if (column.endsWith('_enc')) continue;
            if (made.row[column as keyof Row] !== value) throw new Error(`bench encoding differs from the app's in ${column}`);
          }
        }
        rows.push(made.row);
      }
      insertBatch(rows);
      done += rows.length;
      if (performance.now() - lastLog > 10_000) {
        ctx.log(`  resident city: ${done.toLocaleString('en-US')} / ${count.toLocaleString('en-US')}`);
        lastLog = performance.now();
      }
    }
    ctx.log(`  resident city: rows written, rebuilding ${indexes.length} indexes`);
    for (const ix of indexes) db.exec(ix.sql);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const shuffle = <T>(list: T[]): T[] => {
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [list[i], list[j]] = [list[j]!, list[i]!];
      }
      return list;
    };
    return {
      version: CITY_VERSION,
      residents: count,
      generatedAt: now,
      generationSeconds: 0,
      city: { initials: shuffle(samples.city.initials), ids: shuffle(samples.city.ids) },
      leader: { initials: shuffle(samples.leader.initials), ids: shuffle(samples.leader.ids) },
    };
  } finally {
    db.close();
  }
}
