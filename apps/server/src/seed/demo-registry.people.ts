import type { HomesTable } from '../platform/db/schema.ts';
import { type Gender, type Ethnic } from './demo-registry.names.ts';

/** The demo registry's people: their education, work, phones and dates (see demo-registry.ts). */
// People -----------------------------------------------------------------------------------------

export type Person = {
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

export type Household = { kind: 'local' | 'non-local'; members: Person[]; headAge: number };

export type Place = {
  home: HomesTable;
  household: Household | null;
  tenancy: { start: string; end: string | null; registeredOn: string; delay: number; contractNo: string; landlordKey: number | null } | null;
};

/** Born in 沙湾县 (654223) before the county became 沙湾市 (654203) in 2021, or elsewhere in 塔城地区. */
export const TACHENG_OTHER = ['654201', '654202', '654221', '654224', '654225', '654226'];

export const EDUCATION_ADULT: readonly (readonly [string, number])[] = [
  ['primary', 3],
  ['junior-secondary', 25],
  ['senior-secondary', 20],
  ['vocational', 11],
  ['college', 19],
  ['bachelor', 19],
  ['postgraduate', 3],
];
export const EDUCATION_MIDDLE: readonly (readonly [string, number])[] = [
  ['primary', 10],
  ['junior-secondary', 38],
  ['senior-secondary', 25],
  ['vocational', 9],
  ['college', 10],
  ['bachelor', 7],
  ['postgraduate', 1],
];
export const EDUCATION_OLD: readonly (readonly [string, number])[] = [
  ['none', 14],
  ['primary', 34],
  ['junior-secondary', 30],
  ['senior-secondary', 13],
  ['vocational', 3],
  ['college', 4],
  ['bachelor', 2],
];
export const OCCUPATIONS: readonly (readonly [string, number, string[] | null])[] = [
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
export const TENANT_OCCUPATIONS: readonly (readonly [string, number])[] = [
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
export const PHONE_PREFIXES = [
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

export function ageOnDay(birth: string, today: string): number {
  const by = Number(birth.slice(0, 4));
  const ty = Number(today.slice(0, 4));
  return ty - by - (today.slice(5) < birth.slice(5) ? 1 : 0);
}

/** The first anniversary of `issued` that falls after `after` (residence permits are endorsed yearly). */
export function nextAnniversary(issued: string, after: string): string {
  let year = Number(issued.slice(0, 4)) + 1;
  const md = issued.slice(5) === '02-29' ? '02-28' : issued.slice(5);
  while (`${year}-${md}` <= after) year++;
  return `${year}-${md}`;
}
