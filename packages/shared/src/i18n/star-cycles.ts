import type { MessageSection } from './types.ts';

/**
 * The annual evaluation's texts (modules/star-cycles): star history reasons, notifications and
 * the pages (`web.starCycles.<page>.<name>`). Phase, state and level names are in stars.ts.
 */
export const starCycleMessages = {
  'web.starCycles.history.awarded': { 'zh-CN': '{year} 年度星级评定授星', en: 'Awarded in the {year} evaluation' },
  'web.starCycles.history.lost': { 'zh-CN': '{year} 年度星级评定未获此星', en: 'Not awarded in the {year} evaluation' },
  'web.starCycles.notify.displayed': { 'zh-CN': '{year} 年度星级评定结果已亮星：{stars}', en: 'The {year} evaluation is displayed: {stars}' },
  'web.starCycles.none': { 'zh-CN': '无', en: 'none' },
} satisfies MessageSection;
