import { bornOnOrBefore } from '../registry/codes.ts';

/**
 * Visit periods (走访周期): "every household once a quarter, special groups monthly". A period is a
 * calendar span aligned to January of 1, 3, 6 or 12 months; its key is `YYYY-MM`, `YYYY-Qn`, `YYYY-Hn`
 * or `YYYY`. Dates are `YYYY-MM-DD` text (China time).
 */
export const VISIT_PERIOD_MONTHS = [1, 3, 6, 12] as const;
export type VisitPeriodMonths = (typeof VISIT_PERIOD_MONTHS)[number];

export type VisitPeriod = { key: string; from: string; to: string };

/** The visit-period policy the city edits (setting `visits.period`). */
export type VisitPeriodPolicy = {
  everyMonths: VisitPeriodMonths;
  special: { everyMonths: VisitPeriodMonths; tags: string[]; minAge: number | null };
};

export const DEFAULT_VISIT_PERIOD_POLICY: VisitPeriodPolicy = {
  everyMonths: 3,
  special: { everyMonths: 1, tags: ['living-alone', 'subsistence', 'extreme-poverty', 'disabled'], minAge: 80 },
};

const pad = (n: number) => String(n).padStart(2, '0');

function lastDay(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(d)}`;
}

function span(year: number, firstMonth: number, months: number): { from: string; to: string } {
  return { from: `${year}-${pad(firstMonth)}-01`, to: lastDay(year, firstMonth + months - 1) };
}

/** The period of `everyMonths` months that contains `date`. */
export function periodOf(date: string, everyMonths: VisitPeriodMonths): VisitPeriod {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const index = Math.floor((month - 1) / everyMonths);
  const first = index * everyMonths + 1;
  const key =
    everyMonths === 1 ? `${year}-${pad(month)}` : everyMonths === 3 ? `${year}-Q${index + 1}` : everyMonths === 6 ? `${year}-H${index + 1}` : `${year}`;
  return { key, ...span(year, first, everyMonths) };
}

/** Parses a period key; null when it is not one. */
export function parsePeriod(key: string): VisitPeriod | null {
  let m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key);
  if (m) return { key, ...span(Number(m[1]), Number(m[2]), 1) };
  m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) return { key, ...span(Number(m[1]), (Number(m[2]) - 1) * 3 + 1, 3) };
  m = /^(\d{4})-H([12])$/.exec(key);
  if (m) return { key, ...span(Number(m[1]), (Number(m[2]) - 1) * 6 + 1, 6) };
  m = /^(\d{4})$/.exec(key);
  if (m) return { key, ...span(Number(m[1]), 1, 12) };
  return null;
}

/** Whether a household is in a special group: one of its members has a listed tag, or is old enough. */
export function isSpecialHousehold(members: { tags: string[]; birthDate: string | null }[], policy: VisitPeriodPolicy, today: string): boolean {
  const born = policy.special.minAge === null ? null : bornOnOrBefore(policy.special.minAge, today);
  return members.some((m) => m.tags.some((t) => policy.special.tags.includes(t)) || (born !== null && m.birthDate !== null && m.birthDate <= born));
}

/** The period a household must be visited in as of `today`. */
export function householdPeriod(special: boolean, policy: VisitPeriodPolicy, today: string): VisitPeriod {
  return periodOf(today, special ? policy.special.everyMonths : policy.everyMonths);
}

/** A share as a whole percentage (0 when there is nothing to cover). */
export function coverageRate(visited: number, households: number): number {
  return households === 0 ? 0 : Math.round((visited / households) * 1000) / 10;
}
