import type { Kysely } from 'kysely';
import { addDays, checkCharacter, HEAD_RELATION } from '@lingyan/shared';
import type { CryptoProvider } from '../platform/crypto/provider.ts';
import type {
  BuildingUnitsTable,
  BuildingsTable,
  DB,
  HomesTable,
  HouseholdsTable,
  ResidentHistoryTable,
  ResidentTagsTable,
  ResidentsTable,
  TenanciesTable,
} from '../platform/db/schema.ts';
import { newId } from '../platform/ids.ts';
import { encodePersonal } from '../modules/residents/resident-codec.ts';
import type { SeededTree } from './org-tree.ts';
import { villageKind } from './division-data.ts';
import { prng, Rng } from './demo-random.ts';

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
const SEED = 'lingyan-demo-registry-v1';
const URBAN_TOWNSHIPS = ['654203001', '654203002', '654203003', '654203004'];
const SEED_ACTOR = '演示数据';

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

// Names ------------------------------------------------------------------------------------------

const HAN_SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 74],
  ['李', 72],
  ['张', 70],
  ['刘', 55],
  ['陈', 45],
  ['杨', 32],
  ['赵', 22],
  ['黄', 20],
  ['周', 18],
  ['吴', 18],
  ['徐', 14],
  ['孙', 14],
  ['胡', 13],
  ['朱', 12],
  ['高', 12],
  ['林', 9],
  ['何', 9],
  ['郭', 12],
  ['马', 12],
  ['罗', 7],
  ['梁', 7],
  ['宋', 7],
  ['郑', 7],
  ['谢', 6],
  ['韩', 7],
  ['唐', 6],
  ['冯', 6],
  ['于', 6],
  ['董', 6],
  ['程', 5],
  ['曹', 5],
  ['袁', 5],
  ['邓', 5],
  ['许', 5],
  ['傅', 4],
  ['沈', 4],
  ['曾', 4],
  ['彭', 4],
  ['吕', 4],
  ['苏', 4],
  ['卢', 4],
  ['蒋', 4],
  ['蔡', 4],
  ['贾', 4],
  ['丁', 4],
  ['魏', 4],
  ['薛', 3],
  ['叶', 3],
  ['阎', 3],
  ['余', 3],
  ['潘', 3],
  ['杜', 3],
  ['戴', 3],
  ['夏', 3],
  ['钟', 3],
  ['汪', 3],
  ['田', 3],
  ['任', 3],
  ['姜', 3],
  ['范', 3],
  ['方', 3],
  ['石', 3],
  ['姚', 3],
  ['谭', 3],
  ['廖', 2],
  ['邹', 2],
  ['熊', 2],
  ['金', 2],
  ['陆', 2],
  ['郝', 2],
  ['孔', 2],
  ['白', 2],
  ['崔', 2],
  ['康', 2],
  ['毛', 2],
  ['邱', 2],
  ['秦', 2],
  ['江', 2],
  ['史', 2],
  ['顾', 2],
  ['侯', 2],
  ['邵', 2],
  ['孟', 2],
  ['龙', 2],
  ['万', 2],
  ['段', 2],
  ['雷', 2],
  ['钱', 2],
  ['汤', 2],
  ['尹', 2],
  ['常', 2],
  ['武', 2],
  ['乔', 2],
  ['贺', 2],
  ['牛', 2],
  ['单', 1],
  ['岳', 1],
  ['齐', 1],
  ['闫', 2],
  ['庞', 1],
];
const HUI_SURNAMES: readonly (readonly [string, number])[] = [
  ['马', 40],
  ['杨', 8],
  ['李', 7],
  ['韩', 6],
  ['白', 5],
  ['何', 5],
  ['丁', 5],
  ['海', 3],
  ['穆', 3],
  ['冶', 2],
  ['撒', 2],
  ['哈', 2],
  ['张', 4],
  ['王', 4],
  ['金', 3],
];
const XIBE_MANCHU_SURNAMES = ['关', '佟', '吴', '赵', '那', '金', '富', '安', '伊', '肖'];

/** Given names by birth cohort and gender: the fashion changed, so does the register. */
const HAN_GIVEN: Record<'old' | 'mid' | 'young' | 'child', { male: string[]; female: string[] }> = {
  old: {
    male: [
      '建国',
      '建华',
      '国强',
      '德明',
      '志强',
      '文华',
      '永福',
      '长林',
      '树林',
      '玉林',
      '振华',
      '福生',
      '保国',
      '国庆',
      '学文',
      '德胜',
      '有才',
      '兴旺',
      '富贵',
      '成林',
    ],
    female: ['秀英', '桂兰', '淑珍', '玉兰', '凤英', '秀兰', '桂英', '玉珍', '淑华', '秀珍', '翠花', '金凤', '素芬', '兰英', '桂芳', '玉梅', '秀云', '凤兰'],
  },
  mid: {
    male: [
      '伟',
      '强',
      '军',
      '勇',
      '斌',
      '磊',
      '涛',
      '刚',
      '海军',
      '建军',
      '志刚',
      '晓东',
      '文军',
      '红军',
      '卫东',
      '新民',
      '立新',
      '国平',
      '永刚',
      '振江',
      '海涛',
    ],
    female: ['丽', '红', '芳', '燕', '敏', '静', '霞', '梅', '丽萍', '红梅', '海燕', '晓燕', '春梅', '丽娟', '秀梅', '新华', '玉霞', '丽华', '小红', '雪梅'],
  },
  young: {
    male: ['浩', '鹏', '超', '杰', '帅', '宇', '鑫', '晨', '博', '俊杰', '子豪', '浩然', '明轩', '宇航', '天宇', '家豪', '志远', '文博', '振宇', '嘉伟'],
    female: ['婷', '倩', '雪', '琳', '欣', '璐', '佳', '颖', '晓雪', '婷婷', '佳琪', '雨欣', '梦瑶', '思雨', '欣怡', '文静', '晓琳', '雅琪', '慧敏', '丹丹'],
  },
  child: {
    male: ['梓轩', '浩宇', '子墨', '宇泽', '一鸣', '沐宸', '俊熙', '浩轩', '奕辰', '子睿', '皓轩', '梓睿', '铭泽', '博文', '嘉懿', '宸宇', '思源', '煜城'],
    female: ['子涵', '欣怡', '梓涵', '诗涵', '一诺', '可馨', '雨桐', '若汐', '语汐', '梓萱', '依诺', '沐瑶', '思彤', '梦琪', '安然', '佳怡', '芷若', '紫萱'],
  },
};
/** Kazakh and Uyghur names are written 本名·父名 in Chinese documents. */
const KAZAKH_GIVEN = {
  male: [
    '努尔兰',
    '叶尔兰',
    '别克',
    '阿斯哈尔',
    '叶尔江',
    '巴合提',
    '哈力木',
    '阿曼',
    '努尔江',
    '达吾列提',
    '马合沙提',
    '叶尔波拉提',
    '加恩别克',
    '库尔曼',
    '阿达力',
    '赛力克',
    '哈那提',
    '木拉提',
    '叶森',
    '波拉提',
    '吐尔逊',
    '胡安',
    '塔勒哈提',
    '阿依登',
  ],
  female: [
    '阿依古丽',
    '古丽娜尔',
    '阿依努尔',
    '加娜尔',
    '玛丽亚',
    '古丽米拉',
    '阿尔达克',
    '哈丽达',
    '巴合达尔',
    '阿依达娜',
    '沙吾列',
    '热依汗',
    '古丽巴合提',
    '阿娜尔',
    '加依娜',
    '阿克里玛',
    '努尔古丽',
    '阿勒腾',
  ],
};
const UYGHUR_GIVEN = {
  male: [
    '买买提',
    '艾力',
    '阿不都拉',
    '吐尔洪',
    '艾合买提',
    '努尔艾力',
    '麦麦提江',
    '艾尔肯',
    '阿布力克木',
    '亚森',
    '肉孜',
    '卡德尔',
    '依明',
    '塔依尔',
    '买合木提',
    '吾斯曼',
    '阿迪力',
    '热合曼',
  ],
  female: [
    '古丽',
    '阿依古丽',
    '热依拉',
    '帕提古丽',
    '努尔古丽',
    '米娜瓦尔',
    '阿依努尔',
    '祖丽皮亚',
    '海尼沙',
    '再努尔',
    '佐然古丽',
    '迪丽努尔',
    '阿瓦古丽',
    '布合力其',
    '古再丽努尔',
    '玛依拉',
  ],
};
const MONGOL_GIVEN = {
  male: ['巴图', '额尔德尼', '巴特尔', '宝音', '苏和', '那顺', '敖其尔', '孟克', '其木德', '巴音', '朝鲁', '特古斯', '哈斯', '乌力吉'],
  female: ['乌兰', '其其格', '娜仁', '斯琴', '萨仁', '图雅', '高娃', '乌云', '塔娜', '格日勒', '索伦', '托娅', '诺敏', '阿拉腾'],
};
const RUSSIAN_GIVEN = {
  male: ['伊万', '尼古拉', '瓦西里', '阿列克谢', '谢尔盖', '米哈伊尔'],
  female: ['娜塔莎', '玛莎', '卡佳', '塔尼娅', '安娜', '柳德米拉'],
};

export type Gender = 'male' | 'female';
type NameStyle = 'han' | 'hui' | 'xibe' | 'turkic-kz' | 'turkic-ug' | 'mongol' | 'russian';

/** Shawan's mix, roughly (GB/T 3304 code, share, how names are formed). */
const ETHNIC_MIX: readonly (readonly [{ code: string; style: NameStyle }, number])[] = [
  [{ code: '01', style: 'han' }, 70],
  [{ code: '17', style: 'turkic-kz' }, 12],
  [{ code: '03', style: 'hui' }, 8],
  [{ code: '05', style: 'turkic-ug' }, 6],
  [{ code: '02', style: 'mongol' }, 2],
  [{ code: '38', style: 'xibe' }, 0.6],
  [{ code: '11', style: 'xibe' }, 0.5],
  [{ code: '26', style: 'hui' }, 0.4],
  [{ code: '29', style: 'turkic-kz' }, 0.3],
  [{ code: '44', style: 'russian' }, 0.2],
];
type Ethnic = { code: string; style: NameStyle };

function cohort(birthYear: number): keyof typeof HAN_GIVEN {
  if (birthYear < 1962) return 'old';
  if (birthYear < 1986) return 'mid';
  if (birthYear < 2006) return 'young';
  return 'child';
}

/** A family's naming: the surname children take, or the father's name for a patronymic. */
type Lineage = { surname: string | null; fatherGiven: string | null };

function familyName(rng: Rng, style: NameStyle): string {
  if (style === 'hui') return rng.weighted(HUI_SURNAMES);
  if (style === 'xibe') return rng.pick(XIBE_MANCHU_SURNAMES);
  return rng.weighted(HAN_SURNAMES);
}

function givenName(rng: Rng, style: NameStyle, gender: Gender, birthYear: number): string {
  if (style === 'turkic-kz') return rng.pick(KAZAKH_GIVEN[gender]);
  if (style === 'turkic-ug') return rng.pick(UYGHUR_GIVEN[gender]);
  if (style === 'mongol') return rng.pick(MONGOL_GIVEN[gender]);
  if (style === 'russian') return rng.pick(RUSSIAN_GIVEN[gender]);
  return rng.pick(HAN_GIVEN[cohort(birthYear)][gender]);
}

/** A full name. `lineage` carries the family surname (Han style) or the father's name (patronymic). */
function personName(rng: Rng, style: NameStyle, gender: Gender, birthYear: number, lineage: Lineage | null): { name: string; given: string } {
  const given = givenName(rng, style, gender, birthYear);
  if (style === 'turkic-kz' || style === 'turkic-ug' || style === 'russian') {
    const father = lineage?.fatherGiven ?? givenName(rng, style, 'male', birthYear - 28);
    return { name: `${given}·${father}`, given };
  }
  if (style === 'mongol') return { name: given, given };
  return { name: `${lineage?.surname ?? familyName(rng, style)}${given}`, given };
}

/**
 * Synthetic people outside the demo (the search benchmark's city of a million): a name fitting an
 * ethnic group drawn from the area's mix, with its GB/T 3304 code. Deterministic for a seed.
 */
export function syntheticNames(seed: string): (gender: Gender, birthYear: number) => { name: string; ethnicity: string } {
  const rng = new Rng(prng(`${SEED}:names:${seed}`));
  return (gender, birthYear) => {
    const ethnic = rng.weighted(ETHNIC_MIX);
    return { name: personName(rng, ethnic.style, gender, birthYear, null).name, ethnicity: ethnic.code };
  };
}

// People -----------------------------------------------------------------------------------------

type Person = {
  key: number;
  name: string;
  given: string;
  gender: Gender;
  birth: string;
  region: string;
  ethnic: Ethnic;
  relation: string;
  phone: string | null;
  political: string | null;
  education: string | null;
  occupation: string | null;
  employer: string | null;
  registration: 'local' | 'non-local';
  permitNo: string | null;
  permitExpires: string | null;
  status: 'living' | 'moved-out' | 'deceased';
  movedIn: string | null;
  tags: Set<string>;
};

type Household = { kind: 'local' | 'non-local'; members: Person[]; headAge: number };

type Place = {
  home: HomesTable;
  household: Household | null;
  tenancy: { start: string; end: string | null; registeredOn: string; delay: number; contractNo: string; landlordKey: number | null } | null;
};

/** Born in 沙湾县 (654223) before the county became 沙湾市 (654203) in 2021, or elsewhere in 塔城地区. */
const TACHENG_OTHER = ['654201', '654202', '654221', '654224', '654225', '654226'];

const EDUCATION_ADULT: readonly (readonly [string, number])[] = [
  ['primary', 3],
  ['junior-secondary', 25],
  ['senior-secondary', 20],
  ['vocational', 11],
  ['college', 19],
  ['bachelor', 19],
  ['postgraduate', 3],
];
const EDUCATION_MIDDLE: readonly (readonly [string, number])[] = [
  ['primary', 10],
  ['junior-secondary', 38],
  ['senior-secondary', 25],
  ['vocational', 9],
  ['college', 10],
  ['bachelor', 7],
  ['postgraduate', 1],
];
const EDUCATION_OLD: readonly (readonly [string, number])[] = [
  ['none', 14],
  ['primary', 34],
  ['junior-secondary', 30],
  ['senior-secondary', 13],
  ['vocational', 3],
  ['college', 4],
  ['bachelor', 2],
];
const OCCUPATIONS: readonly (readonly [string, number, string[] | null])[] = [
  ['个体经营', 14, null],
  ['企业职工', 16, ['新疆沙湾天润生物有限公司', '沙湾市供排水有限公司', '沙湾市农村信用合作联社', '中国移动沙湾分公司', '沙湾市国家电网供电公司']],
  ['农业种植', 7, null],
  ['教师', 5, ['沙湾市第一中学', '沙湾市第二小学', '沙湾市第三中学', '沙湾市实验幼儿园']],
  ['医护人员', 4, ['沙湾市人民医院', '沙湾市中医医院', '沙湾市妇幼保健院']],
  ['公务员', 4, ['沙湾市人民政府', '沙湾市农业农村局', '沙湾市教育局', '沙湾市市场监督管理局']],
  ['司机', 6, null],
  ['建筑工人', 6, null],
  ['餐饮服务', 7, null],
  ['销售', 7, null],
  ['快递员', 3, null],
  ['社区工作者', 2, null],
  ['畜牧养殖', 3, null],
  ['自由职业', 4, null],
  ['待业', 5, null],
  ['家务', 5, null],
];
const TENANT_OCCUPATIONS: readonly (readonly [string, number])[] = [
  ['个体经营', 20],
  ['建筑工人', 14],
  ['餐饮服务', 16],
  ['销售', 14],
  ['快递员', 8],
  ['司机', 8],
  ['企业职工', 12],
  ['棉花加工', 6],
  ['自由职业', 6],
];
const PHONE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '156',
  '157',
  '158',
  '159',
  '180',
  '181',
  '182',
  '183',
  '186',
  '187',
  '188',
  '189',
];

// Dates ------------------------------------------------------------------------------------------

function ageOnDay(birth: string, today: string): number {
  const by = Number(birth.slice(0, 4));
  const ty = Number(today.slice(0, 4));
  return ty - by - (today.slice(5) < birth.slice(5) ? 1 : 0);
}

/** The first anniversary of `issued` that falls after `after` (residence permits are endorsed yearly). */
function nextAnniversary(issued: string, after: string): string {
  let year = Number(issued.slice(0, 4)) + 1;
  const md = issued.slice(5) === '02-29' ? '02-28' : issued.slice(5);
  while (`${year}-${md}` <= after) year++;
  return `${year}-${md}`;
}

// The generator ----------------------------------------------------------------------------------

type Grid = { id: string; path: string; name: string; code: string; index: number };

class CommunityGenerator {
  readonly rng: Rng;
  private personKey = 0;
  private readonly idSeq = new Map<string, number>();
  private phoneCounter = 0;
  private permitCounter = 0;
  private contractCounter = 0;

  constructor(
    readonly code: string,
    readonly communityIndex: number,
    readonly road: string,
    readonly today: string,
    readonly now: string,
  ) {
    this.rng = new Rng(prng(`${SEED}:${code}`));
  }

  /** 17 digits + check: region, birth date, a sequence unique in the demo (odd for men). */
  idNumber(p: Person): string {
    for (;;) {
      const key = p.region + p.birth;
      const k = this.idSeq.get(key) ?? 0;
      if (k < 32) {
        this.idSeq.set(key, k + 1);
        // Each community has its own block of 64 sequences, so IDs never collide across communities.
        const seq = this.communityIndex * 64 + k * 2 + (p.gender === 'male' ? 1 : 0);
        const first17 = `${p.region}${p.birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
        return first17 + checkCharacter(first17);
      }
      p.birth = addDays(p.birth, -1);
    }
  }

  private phone(): string {
    // A bijection on 7 digits keeps the numbers unique in the demo and unlike real sequences.
    const n = this.communityIndex * 200_000 + this.phoneCounter++;
    const scrambled = (n * 7919 + 1_234_567) % 10_000_000;
    return `${this.rng.pick(PHONE_PREFIXES)}6${String(scrambled).padStart(7, '0')}`;
  }

  private birthFor(age: number): string {
    return addDays(this.today, -(Math.floor(age * 365.2425) + this.rng.int(1, 364)));
  }

  private region(birth: string, ethnic: Ethnic, registration: 'local' | 'non-local'): string {
    if (registration === 'non-local') {
      if (ethnic.style === 'mongol' && this.rng.chance(0.6)) return '654226';
      return this.rng.pick(TACHENG_OTHER);
    }
    if (birth >= '2021-01-01') return '654203';
    if (ethnic.style === 'mongol' && this.rng.chance(0.4)) return '654226';
    return this.rng.chance(0.86) ? '654223' : this.rng.pick(TACHENG_OTHER);
  }

  person(opts: {
    age: number;
    gender: Gender;
    ethnic: Ethnic;
    relation: string;
    lineage: Lineage | null;
    registration: 'local' | 'non-local';
    movedIn: string;
    name?: string;
  }): Person {
    const rng = this.rng;
    const birth = this.birthFor(opts.age);
    const age = ageOnDay(birth, this.today);
    const by = Number(birth.slice(0, 4));
    const generated = personName(rng, opts.ethnic.style, opts.gender, by, opts.lineage);
    const nameOverride = opts.name;
    const p: Person = {
      key: this.personKey++,
      name: nameOverride ?? generated.name,
      given: generated.given,
      gender: opts.gender,
      birth,
      region: this.region(birth, opts.ethnic, opts.registration),
      ethnic: opts.ethnic,
      relation: opts.relation,
      phone: null,
      political: null,
      education: null,
      occupation: null,
      employer: null,
      registration: opts.registration,
      permitNo: null,
      permitExpires: null,
      status: 'living',
      movedIn: opts.movedIn < birth ? birth : opts.movedIn,
      tags: new Set(),
    };
    // Phones: most adults, fewer of the very old, no children.
    if (age >= 16 && rng.chance(age >= 80 ? 0.55 : 0.93)) p.phone = this.phone();
    // Education by age.
    if (age >= 6 && age <= 11) p.education = 'primary';
    else if (age >= 12 && age <= 14) p.education = 'junior-secondary';
    else if (age >= 15 && age <= 17) p.education = rng.chance(0.75) ? 'senior-secondary' : 'vocational';
    else if (age >= 18 && age <= 22)
      p.education = rng.weighted([
        ['senior-secondary', 35],
        ['vocational', 20],
        ['college', 25],
        ['bachelor', 20],
      ] as const);
    else if (age >= 23 && age <= 45) p.education = rng.weighted(EDUCATION_ADULT);
    else if (age >= 46 && age <= 65) p.education = rng.weighted(EDUCATION_MIDDLE);
    else if (age > 65) p.education = rng.weighted(EDUCATION_OLD);
    // Occupation.
    if (age >= 6 && age <= 17) p.occupation = '学生';
    else if (age >= 18 && age <= 22) p.occupation = rng.chance(0.6) ? '学生' : rng.weighted(OCCUPATIONS.map(([o, w]) => [o, w] as const));
    else if (age >= 23 && age < 60) {
      if (opts.registration === 'non-local') p.occupation = rng.weighted(TENANT_OCCUPATIONS);
      else {
        const [occupation, , employers] = rng.weighted(OCCUPATIONS.map((o) => [o, o[1]] as const));
        p.occupation = occupation;
        if (employers && rng.chance(0.8)) p.employer = rng.pick(employers);
      }
    } else if (age >= 60) p.occupation = rng.chance(0.85) ? '离退休' : rng.chance(0.5) ? '家务' : '个体经营';
    // Political status (政治面貌) from 14; the League is for the young.
    if (age >= 14) {
      const educated = p.education === 'bachelor' || p.education === 'postgraduate' || p.education === 'college';
      const party = age >= 18 ? 0.06 + (age >= 45 ? 0.04 : 0) + (educated ? 0.05 : 0) + (p.occupation === '公务员' || p.occupation === '教师' ? 0.3 : 0) : 0;
      if (opts.registration === 'local' && rng.chance(party)) p.political = 'party-member';
      else if (age >= 18 && rng.chance(0.004)) p.political = 'probationary-member';
      else if (age <= 28 && rng.chance(0.55)) p.political = 'league-member';
      else if (age >= 30 && rng.chance(0.002)) p.political = 'democratic-party';
      else p.political = 'masses';
    }
    // Tags a person has on their own.
    if (rng.chance(age >= 60 ? 0.04 : 0.012)) p.tags.add('disabled');
    if (p.gender === 'male' && age >= 25 && age <= 80 && rng.chance(0.034)) p.tags.add('veteran');
    if (age >= 60 && rng.chance(0.22)) p.tags.add('chronic-illness');
    return p;
  }

  private ethnic(): Ethnic {
    return this.rng.weighted(ETHNIC_MIX);
  }

  /** The age of an elderly person: 60–95, weighted to the sixties (about a quarter are 80+). */
  private elderlyAge(): number {
    return 60 + Math.floor(33 * Math.pow(this.rng.next(), 1.8));
  }

  private children(
    h: Household,
    motherAge: number,
    ethnic: Ethnic,
    lineage: Lineage,
    count: number,
    movedIn: string,
    registration: 'local' | 'non-local',
  ): void {
    const rng = this.rng;
    const ages: number[] = [];
    for (let i = 0; i < count; i++) {
      const age = motherAge - rng.int(22, 38);
      if (age < 0 || ages.includes(age)) continue;
      ages.push(age);
    }
    ages.sort((a, b) => b - a);
    for (const age of ages) {
      const gender: Gender = rng.chance(0.51) ? 'male' : 'female';
      const child = this.person({ age, gender, ethnic, relation: gender === 'male' ? '20' : '30', lineage, registration, movedIn });
      // Grown-up children studying or working elsewhere stay on the household as moved out.
      if (age >= 18 && age <= 30 && rng.chance(0.22)) child.status = 'moved-out';
      h.members.push(child);
    }
  }

  /** A household of local residents living in their own home. */
  localHousehold(special?: { headName: string; surname: string; headAge: number }): Household {
    const rng = this.rng;
    const ethnic: Ethnic = special ? { code: '01', style: 'han' } : this.ethnic();
    const kind = special
      ? 'family'
      : rng.weighted([
          ['family', 41],
          ['three-generations', 13],
          ['young-couple', 7],
          ['young-single', 6],
          ['elderly-couple', 13],
          ['elderly-single', 9],
          ['middle-couple', 8],
          ['single-parent', 3],
        ] as const);
    const movedIn = addDays(this.today, -rng.int(200, 9000));
    const h: Household = { kind: 'local', members: [], headAge: 0 };
    const add = (age: number, gender: Gender, relation: string, lineage: Lineage | null, name?: string) => {
      const p = this.person({ age, gender, ethnic, relation, lineage, registration: 'local', movedIn, ...(name ? { name } : {}) });
      h.members.push(p);
      return p;
    };
    const surname = special?.surname ?? (ethnic.style === 'han' || ethnic.style === 'hui' || ethnic.style === 'xibe' ? familyName(rng, ethnic.style) : null);
    const couple = (headAge: number) => {
      const headMale = special ? true : rng.chance(0.85);
      h.headAge = headAge;
      const head = add(headAge, headMale ? 'male' : 'female', HEAD_RELATION, { surname: headMale ? surname : null, fatherGiven: null }, special?.headName);
      const spouseAge = Math.max(18, headAge + (headMale ? -rng.int(-1, 5) : rng.int(-1, 5)));
      const spouse = add(spouseAge, headMale ? 'female' : 'male', '10', { surname: headMale ? null : surname, fatherGiven: null });
      const father = headMale ? head : spouse;
      const mother = headMale ? spouse : head;
      return { head, spouse, father, mother };
    };
    switch (kind) {
      case 'family':
      case 'three-generations': {
        const { head, father, mother } = couple(special?.headAge ?? rng.int(28, 56));
        const lineage: Lineage = { surname, fatherGiven: father.given };
        const count =
          rng.weighted([
            [1, 45],
            [2, 40],
            [3, 15],
          ] as const) + (ethnic.style === 'turkic-kz' || ethnic.style === 'turkic-ug' ? (rng.chance(0.3) ? 1 : 0) : 0);
        this.children(h, ageOnDay(mother.birth, this.today), ethnic, lineage, count, movedIn, 'local');
        if (kind === 'three-generations') {
          const parentAge = Math.min(96, ageOnDay(head.birth, this.today) + rng.int(24, 34));
          const male = rng.chance(0.35);
          // The head's father shares the head's surname; in a patronymic, his name is the head's second part.
          const headSurname = head.gender === 'male' && surname ? surname : null;
          const parent = add(parentAge, male ? 'male' : 'female', '50', { surname: male ? headSurname : null, fatherGiven: null });
          const patronymic = head.name.split('·')[1];
          if (male && patronymic && parent.name.includes('·')) parent.name = `${patronymic}·${parent.name.split('·')[1]}`;
          if (rng.chance(0.06)) parent.status = 'deceased';
        }
        break;
      }
      case 'single-parent': {
        const headAge = rng.int(30, 50);
        h.headAge = headAge;
        const male = rng.chance(0.25);
        const head = add(headAge, male ? 'male' : 'female', HEAD_RELATION, { surname, fatherGiven: null });
        this.children(
          h,
          headAge,
          ethnic,
          { surname: male ? surname : familyName(rng, ethnic.style), fatherGiven: male ? head.given : null },
          rng.int(1, 2),
          movedIn,
          'local',
        );
        break;
      }
      case 'young-couple':
        couple(rng.int(24, 36));
        break;
      case 'middle-couple':
        couple(rng.int(47, 64));
        break;
      case 'young-single': {
        const headAge = rng.int(20, 38);
        h.headAge = headAge;
        add(headAge, rng.chance(0.55) ? 'male' : 'female', HEAD_RELATION, { surname, fatherGiven: null });
        break;
      }
      case 'elderly-couple': {
        const { head, spouse } = couple(this.elderlyAge());
        if (rng.chance(0.12)) {
          // One of the two has died: the other now lives alone.
          spouse.status = 'deceased';
          head.tags.add('living-alone');
        } else {
          head.tags.add('empty-nest');
          spouse.tags.add('empty-nest');
        }
        break;
      }
      case 'elderly-single': {
        const headAge = this.elderlyAge();
        h.headAge = headAge;
        const head = add(headAge, rng.chance(0.35) ? 'male' : 'female', HEAD_RELATION, { surname, fatherGiven: null });
        head.tags.add('living-alone');
        break;
      }
    }
    const living = h.members.filter((m) => m.status === 'living');
    for (const m of living) {
      if (m.tags.has('living-alone') && (ageOnDay(m.birth, this.today) >= 75 || m.tags.has('disabled'))) m.tags.add('key-care');
    }
    // 低保: a household matter; every living member carries the tag.
    if (rng.chance(0.02)) for (const m of living) m.tags.add('subsistence');
    if (living.some((m) => m.tags.has('subsistence') && m.tags.has('disabled'))) for (const m of living) m.tags.add('key-care');
    return h;
  }

  /** Non-local tenants: 1–4 people who moved in on `start`, adults with residence permits. */
  tenantHousehold(start: string): Household {
    const rng = this.rng;
    const ethnic = this.ethnic();
    const kind = rng.weighted([
      ['single', 45],
      ['couple', 25],
      ['family', 30],
    ] as const);
    const h: Household = { kind: 'non-local', members: [], headAge: rng.int(20, 48) };
    const surname = ethnic.style === 'han' || ethnic.style === 'hui' || ethnic.style === 'xibe' ? familyName(rng, ethnic.style) : null;
    const headMale = rng.chance(kind === 'single' ? 0.6 : 0.85);
    const head = this.person({
      age: h.headAge,
      gender: headMale ? 'male' : 'female',
      ethnic,
      relation: HEAD_RELATION,
      lineage: { surname, fatherGiven: null },
      registration: 'non-local',
      movedIn: start,
    });
    h.members.push(head);
    if (kind !== 'single') {
      const spouse = this.person({
        age: Math.max(19, h.headAge + (headMale ? -rng.int(-1, 4) : rng.int(-1, 4))),
        gender: headMale ? 'female' : 'male',
        ethnic,
        relation: '10',
        lineage: { surname: headMale ? null : surname, fatherGiven: null },
        registration: 'non-local',
        movedIn: start,
      });
      h.members.push(spouse);
      if (kind === 'family') {
        const father = headMale ? head : spouse;
        const mother = headMale ? spouse : head;
        this.children(h, ageOnDay(mother.birth, this.today), ethnic, { surname, fatherGiven: father.given }, rng.int(1, 2), start, 'non-local');
        for (const c of h.members) if (c.status === 'moved-out') c.status = 'living';
      }
    }
    // 居住证: issued some weeks after moving in, endorsed yearly; adults (16+) hold one.
    for (const m of h.members) {
      if (ageOnDay(m.birth, this.today) < 16) continue;
      let issued = addDays(start, rng.int(7, 40));
      if (issued > this.today) issued = this.today;
      m.permitNo = `654203${issued.slice(0, 4)}${String(this.communityIndex * 40_000 + this.permitCounter++).padStart(6, '0')}`;
      m.permitExpires = nextAnniversary(issued, addDays(this.today, 31));
    }
    return h;
  }

  contractNo(start: string): string {
    return `ZL-${start.slice(0, 4)}-${String(this.communityIndex * 1000 + ++this.contractCounter).padStart(5, '0')}`;
  }
}

/** 天山路社区 → 天山路; 林场社区 → 林场路. */
function roadOf(communityName: string): string {
  const base = communityName.replace(/社区$/, '');
  return base.endsWith('路') ? base : `${base}路`;
}

const SHOPS = ['便民超市', '药店', '馕店', '拉面馆', '手抓饭馆', '理发店', '五金店', '烤肉店', '干洗店', '水果店', '粮油店', '通讯店'];

type Rows = {
  buildings: BuildingsTable[];
  units: BuildingUnitsTable[];
  homes: HomesTable[];
  households: HouseholdsTable[];
  residents: ResidentsTable[];
  tags: ResidentTagsTable[];
  history: ResidentHistoryTable[];
  tenancies: TenanciesTable[];
};

function generateCommunity(
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
function urbanCommunities(tree: SeededTree): { code: string; name: string; index: number; grids: Grid[] }[] {
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

async function insertAll<T extends keyof DB>(db: Kysely<DB>, table: T, rows: DB[T][], columns: number): Promise<void> {
  // Well under SQLite's 32,766 bound parameters per statement (and PostgreSQL's 65,535).
  const batch = Math.max(1, Math.min(500, Math.floor(16_000 / columns)));
  for (let i = 0; i < rows.length; i += batch)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + batch) as never)
      .execute();
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
    await insertAll(trx, 'buildings', rows.buildings, 9);
    await insertAll(trx, 'building_units', rows.units, 4);
    await insertAll(trx, 'homes', rows.homes, 15);
    await insertAll(trx, 'households', rows.households, 7);
    await insertAll(trx, 'residents', rows.residents, 32);
    await insertAll(trx, 'resident_tags', rows.tags, 2);
    await insertAll(trx, 'resident_history', rows.history, 8);
    await insertAll(trx, 'tenancies', rows.tenancies, 12);
  });
  return counts;
}
