/** GB/T 3304 ethnic group codes (民族代码). The names are the standard's own. */
export const ETHNIC_GROUPS: Record<string, string> = {
  '01': '汉族',
  '02': '蒙古族',
  '03': '回族',
  '04': '藏族',
  '05': '维吾尔族',
  '06': '苗族',
  '07': '彝族',
  '08': '壮族',
  '09': '布依族',
  '10': '朝鲜族',
  '11': '满族',
  '12': '侗族',
  '13': '瑶族',
  '14': '白族',
  '15': '土家族',
  '16': '哈尼族',
  '17': '哈萨克族',
  '18': '傣族',
  '19': '黎族',
  '20': '傈僳族',
  '21': '佤族',
  '22': '畲族',
  '23': '高山族',
  '24': '拉祜族',
  '25': '水族',
  '26': '东乡族',
  '27': '纳西族',
  '28': '景颇族',
  '29': '柯尔克孜族',
  '30': '土族',
  '31': '达斡尔族',
  '32': '仫佬族',
  '33': '羌族',
  '34': '布朗族',
  '35': '撒拉族',
  '36': '毛南族',
  '37': '仡佬族',
  '38': '锡伯族',
  '39': '阿昌族',
  '40': '普米族',
  '41': '塔吉克族',
  '42': '怒族',
  '43': '乌孜别克族',
  '44': '俄罗斯族',
  '45': '鄂温克族',
  '46': '德昂族',
  '47': '保安族',
  '48': '裕固族',
  '49': '京族',
  '50': '塔塔尔族',
  '51': '独龙族',
  '52': '鄂伦春族',
  '53': '赫哲族',
  '54': '门巴族',
  '55': '珞巴族',
  '56': '基诺族',
  '97': '其他',
  '98': '外国血统中国籍人士',
};

/** Relation to the head of household, after GB/T 4761 (家庭关系代码), at the level a community records. */
export const RELATIONS: Record<string, string> = {
  '02': '户主',
  '10': '配偶',
  '20': '子',
  '30': '女',
  '40': '孙子女',
  '50': '父母',
  '60': '祖父母',
  '70': '兄弟姐妹',
  '97': '其他亲属',
  '99': '非亲属',
};
export const HEAD_RELATION = '02';

export const POLITICAL_STATUSES = ['party-member', 'probationary-member', 'league-member', 'democratic-party', 'masses'] as const;
export const EDUCATION_LEVELS = ['none', 'primary', 'junior-secondary', 'senior-secondary', 'vocational', 'college', 'bachelor', 'postgraduate'] as const;
export const RESIDENT_STATUSES = ['living', 'moved-out', 'deceased'] as const;
export const REGISTRATION_TYPES = ['local', 'non-local'] as const;
export const GENDERS = ['male', 'female'] as const;
export const HOME_KINDS = ['home', 'shop', 'school', 'market', 'enterprise', 'office', 'other'] as const;
export const HOME_USES = ['residential', 'commercial', 'mixed', 'other'] as const;
export const OWNERSHIPS = ['private', 'public-rental', 'company', 'collective', 'other'] as const;
export const BUILDING_KINDS = ['residential', 'mixed', 'non-residential', 'bungalow'] as const;

/** Fields that are personal data under PIPL art. 28 and are revealed one at a time, with a reason. */
export const REVEALABLE_FIELDS = ['idNumber', 'phone', 'ethnicity', 'religion'] as const;
export type RevealableField = (typeof REVEALABLE_FIELDS)[number];

/** Tags computed from the birth date; never stored. */
export const AGE_TAGS: Record<string, number> = { 'elderly-60': 60, 'elderly-80': 80 };

/** Tags the city starts with; administrators add more (tag_definitions). `sensitive` ones are masked like health data. */
export const DEFAULT_TAGS: { code: string; zh: string; en: string; sensitive: boolean }[] = [
  { code: 'living-alone', zh: '独居', en: 'Living alone', sensitive: false },
  { code: 'empty-nest', zh: '空巢', en: 'Empty nest', sensitive: false },
  { code: 'disabled', zh: '残疾', en: 'Disabled', sensitive: true },
  { code: 'subsistence', zh: '低保', en: 'Subsistence allowance (低保)', sensitive: true },
  { code: 'extreme-poverty', zh: '特困', en: 'Extreme poverty support', sensitive: true },
  { code: 'veteran', zh: '退役军人', en: 'Veteran', sensitive: false },
  { code: 'left-behind-child', zh: '留守儿童', en: 'Left-behind child', sensitive: false },
  { code: 'chronic-illness', zh: '慢性病', en: 'Chronic illness', sensitive: true },
  { code: 'key-care', zh: '重点关爱', en: 'Key care', sensitive: false },
];

/** Age in whole years on `today` (both YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** The latest birth date for someone aged at least `years` on `today`. */
export function bornOnOrBefore(years: number, today: string): string {
  const [y, m, d] = today.split('-');
  const candidate = `${String(Number(y) - years).padStart(4, '0')}-${m}-${d}`;
  // 29 February in a year that has none: someone born on 1 March turns `years` that day.
  return candidate.endsWith('-02-29') && !isLeap(Number(y) - years) ? `${String(Number(y) - years)}-02-28` : candidate;
}
function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
