import { prng, Rng } from './demo-random.ts';
import { SEED } from './demo-registry.ts';

/** Synthetic names for the demo registry: surnames and given names of the groups living in Shawan (see demo-registry.ts). */
// Names ------------------------------------------------------------------------------------------

export const HAN_SURNAMES: readonly (readonly [string, number])[] = [
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
export const HUI_SURNAMES: readonly (readonly [string, number])[] = [
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
export const XIBE_MANCHU_SURNAMES = ['关', '佟', '吴', '赵', '那', '金', '富', '安', '伊', '肖'];

/** Given names by birth cohort and gender: the fashion changed, so does the register. */
export const HAN_GIVEN: Record<'old' | 'mid' | 'young' | 'child', { male: string[]; female: string[] }> = {
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
export const KAZAKH_GIVEN = {
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
export const UYGHUR_GIVEN = {
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
export const MONGOL_GIVEN = {
  male: ['巴图', '额尔德尼', '巴特尔', '宝音', '苏和', '那顺', '敖其尔', '孟克', '其木德', '巴音', '朝鲁', '特古斯', '哈斯', '乌力吉'],
  female: ['乌兰', '其其格', '娜仁', '斯琴', '萨仁', '图雅', '高娃', '乌云', '塔娜', '格日勒', '索伦', '托娅', '诺敏', '阿拉腾'],
};
export const RUSSIAN_GIVEN = {
  male: ['伊万', '尼古拉', '瓦西里', '阿列克谢', '谢尔盖', '米哈伊尔'],
  female: ['娜塔莎', '玛莎', '卡佳', '塔尼娅', '安娜', '柳德米拉'],
};

export type Gender = 'male' | 'female';
export type NameStyle = 'han' | 'hui' | 'xibe' | 'turkic-kz' | 'turkic-ug' | 'mongol' | 'russian';

/** Shawan's mix, roughly (GB/T 3304 code, share, how names are formed). */
export const ETHNIC_MIX: readonly (readonly [{ code: string; style: NameStyle }, number])[] = [
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
export type Ethnic = { code: string; style: NameStyle };

export function cohort(birthYear: number): keyof typeof HAN_GIVEN {
  if (birthYear < 1962) return 'old';
  if (birthYear < 1986) return 'mid';
  if (birthYear < 2006) return 'young';
  return 'child';
}

/** A family's naming: the surname children take, or the father's name for a patronymic. */
export type Lineage = { surname: string | null; fatherGiven: string | null };

export function familyName(rng: Rng, style: NameStyle): string {
  if (style === 'hui') return rng.weighted(HUI_SURNAMES);
  if (style === 'xibe') return rng.pick(XIBE_MANCHU_SURNAMES);
  return rng.weighted(HAN_SURNAMES);
}

export function givenName(rng: Rng, style: NameStyle, gender: Gender, birthYear: number): string {
  if (style === 'turkic-kz') return rng.pick(KAZAKH_GIVEN[gender]);
  if (style === 'turkic-ug') return rng.pick(UYGHUR_GIVEN[gender]);
  if (style === 'mongol') return rng.pick(MONGOL_GIVEN[gender]);
  if (style === 'russian') return rng.pick(RUSSIAN_GIVEN[gender]);
  return rng.pick(HAN_GIVEN[cohort(birthYear)][gender]);
}

/** A full name. `lineage` carries the family surname (Han style) or the father's name (patronymic). */
export function personName(rng: Rng, style: NameStyle, gender: Gender, birthYear: number, lineage: Lineage | null): { name: string; given: string } {
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
