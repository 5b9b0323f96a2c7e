import type { Kysely } from 'kysely';
import { addCalendarDays, starScore, type StarCatalogContent, type StarDefinition } from '@lingyan/shared';
import type { DB } from '../platform/db/schema.ts';
import type { SeededTree } from './org-tree.ts';
import { villageKind } from './division-data.ts';
import type { Rng } from './demo-random.ts';

/** What the star seeds share: the communities, the people who act, the catalogs and the clock. */
export const URBAN_TOWNSHIPS = ['654203001', '654203002', '654203003', '654203004'];
export const TIANSHAN = '654203002009';

/** The township officer account of each subdistrict that has one; the others are acted for by `city`. */
const TOWNSHIP_ACCOUNTS: Record<string, string> = { '654203001': 'taoyuan', '654203002': 'tuanjie' };
/** The community leaders that have an account; elsewhere the community acts without one (its party branch). */
const LEADER_ACCOUNTS: Record<string, string> = { '654203001017': 'tiyuchang', '654203002009': 'tianshan' };

/**
 * The previous year's result: the stars each urban community did NOT get (the rest were
 * awarded). Intended spread: 4 好 (≥ 8), 3 较好 (7), 5 一般 (5–6), 2 差 (≤ 4); 天山路社区 holds 7.
 */
export const NOT_AWARDED: Record<string, string[]> = {
  '654203001017': ['environment'], // 体育场路 9
  '654203001018': ['democracy', 'co-building', 'environment', 'integrity'], // 奎屯路 6 (loses safety at the quarterly check → 5)
  '654203001019': ['co-building', 'integrity'], // 乌鲁木齐西路 8
  '654203001020': ['democracy', 'religious-harmony', 'co-building', 'environment', 'integrity'], // 伊宁路 5
  '654203001023': ['democracy', 'ethnic-unity', 'religious-harmony', 'civility', 'co-building', 'integrity'], // 林场 4
  '654203002009': ['democracy', 'co-building', 'environment'], // 天山路 7
  '654203002015': [], // 广场路 10
  '654203002016': ['democracy', 'civility', 'co-building', 'environment'], // 少年路 6
  '654203003013': ['service', 'environment', 'integrity'], // 沙城路 7
  '654203003014': ['service', 'ethnic-unity', 'religious-harmony', 'civility', 'co-building', 'environment', 'integrity'], // 光明路 3
  '654203003022': ['democracy', 'safety', 'co-building', 'environment', 'integrity'], // 老沙湾路 5
  '654203004010': ['co-building', 'environment'], // 凯旋路 8
  '654203004011': ['service', 'co-building', 'integrity'], // 塔城路 7
  '654203004012': ['democracy', 'co-building', 'environment', 'integrity'], // 人民路 6
};

/** The star the quarterly check finds failed and the township removes (not 天山路社区, whose journey needs its 7). */
export const REMOVED = { community: '654203001018', star: 'safety' } as const;

export type Community = { id: string; code: string; name: string; path: string; township: string };
export type Actor = { id: string | null; name: string };

export type StarSeed = {
  db: Kysely<DB>;
  now: string;
  /** China date of `now`. */
  today: string;
  communities: Community[];
  catalogs: Map<number, { id: string; content: StarCatalogContent }>;
  user: (username: string) => Actor & { id: string };
  /** Who scores and checks a community: its township officer, else the city account. */
  townshipActor: (c: Community) => Actor & { id: string };
  /** Who submits a community's self-assessment: its leader's account, else its party branch without an account. */
  communityActor: (c: Community) => Actor;
  /** The officer of the department that reviews a star. */
  reviewer: (catalog: StarCatalogContent, starCode: string) => Actor & { id: string };
};

/** An ISO instant at a China wall-clock time on a China date. */
export const chinaAt = (date: string, hour: number, minute = 0) => new Date(Date.parse(`${date}T00:00:00+08:00`) + (hour * 60 + minute) * 60_000).toISOString();
export const chinaDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
export const dayOf = (startsOn: string, offset: number) => addCalendarDays(startsOn, offset);

export async function loadStarSeed(db: Kysely<DB>, tree: SeededTree, now: string): Promise<StarSeed> {
  const communities: Community[] = [...tree.byCode.entries()]
    .filter(([code]) => code.length === 12 && URBAN_TOWNSHIPS.includes(code.slice(0, 9)) && villageKind(code) === 'community')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, n]) => ({ id: n.id, code, name: n.name, path: n.path, township: code.slice(0, 9) }));
  const missing = Object.keys(NOT_AWARDED).filter((code) => !communities.some((c) => c.code === code));
  if (missing.length > 0 || communities.length !== Object.keys(NOT_AWARDED).length)
    throw new Error(`demo-stars: the urban communities are not the 14 planned (missing ${missing.join(', ')})`);
  const users = new Map((await db.selectFrom('users').select(['id', 'username', 'display_name']).execute()).map((u) => [u.username, u]));
  const user = (username: string) => {
    const u = users.get(username);
    if (!u) throw new Error(`demo-stars: account ${username} is missing`);
    return { id: u.id, name: u.display_name };
  };
  const catalogs = new Map(
    (await db.selectFrom('star_catalogs').select(['id', 'year', 'content']).execute()).map((r) => [
      Number(r.year),
      { id: r.id, content: JSON.parse(r.content) as StarCatalogContent },
    ]),
  );
  return {
    db,
    now,
    today: chinaDay(now),
    communities,
    catalogs,
    user,
    townshipActor: (c) => user(TOWNSHIP_ACCOUNTS[c.township] ?? 'city'),
    communityActor: (c) => (LEADER_ACCOUNTS[c.code] ? user(LEADER_ACCOUNTS[c.code]!) : { id: null, name: `${c.name}党支部` }),
    reviewer: (catalog, starCode) => user(`dept-${catalog.stars.find((s) => s.code === starCode)!.departmentCode}`),
  };
}

export type StarScores = { township: Record<string, number>; self: Record<string, number>; score: number };

/**
 * Indicator scores for one star that pass or fail its mark, as the township would give them
 * (computed sources get plausible platform figures); the community's own scores run a little higher.
 */
export function scoreStar(rng: Rng, star: StarDefinition, pass: boolean): StarScores {
  const mark = star.passMark;
  const township: Record<string, number> = {};
  const target = pass ? 0 : rng.int(Math.max(0, mark - 22), Math.max(0, mark - 5));
  for (const i of star.indicators) {
    township[i.code] = pass ? rng.int(Math.min(100, mark + 2), Math.min(100, mark + 18)) : Math.max(20, Math.min(100, target + rng.int(-10, 10)));
  }
  const scoreOf = () => starScore(star.indicators.map((i) => ({ weight: i.weight, score: township[i.code]! })))!;
  // A failing draw that still reaches the mark is lowered on the typed indicators until it does not.
  while (!pass && scoreOf() >= mark) for (const i of star.indicators) if (i.source === 'manual') township[i.code] = Math.max(0, township[i.code]! - 5);
  return { township, self: selfScores(rng, star, township), score: scoreOf() };
}

/** The community's self-assessment of the typed indicators, a few points above the given scores. */
export function selfScores(rng: Rng, star: StarDefinition, base: Record<string, number>): Record<string, number> {
  const self: Record<string, number> = {};
  for (const i of star.indicators) if (i.source === 'manual') self[i.code] = Math.min(100, (base[i.code] ?? 85) + rng.int(0, 8));
  return self;
}

/** Evidence a community links to its self-assessment of a star. */
export function evidenceOf(star: StarDefinition, year: number, community: Community): { label: string; url: string }[] {
  return [{ label: `${community.name}${year}年${star.name}工作台账`, url: `https://docs.shawan.example/stars/${year}/${community.code}/${star.code}` }];
}

export const SELF_NOTES: Record<string, string> = {
  organization: '两委班子配齐，三会一课按月开展，记录齐全。',
  service: '一站式服务大厅运行正常，代办和上门服务全年开展。',
  democracy: '居务按季度公开，重大事项经四议两公开决定。',
  'ethnic-unity': '结对认亲全覆盖，每季度开展各族群众联谊活动。',
  'religious-harmony': '宗教活动依法规范，全年无涉宗教矛盾纠纷。',
  safety: '矛盾纠纷就地化解，出租房屋逐户登记，全年无重大案事件。',
  civility: '志愿服务常态开展，红白理事会运行规范。',
  'co-building': '每季度召开联席会议，驻区单位和在职党员全部报到。',
  environment: '环境卫生每日保洁，物业服务覆盖各小区。',
  integrity: '资金使用公开透明，干部无违纪违法。',
};
