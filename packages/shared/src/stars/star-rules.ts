/**
 * Star rating (星级化创建): what a set of stars means. Level, recommendations and vetoes are
 * decided here from the stars a community holds and a rule set the city edits (setting
 * `stars.rules`); server and web both call `starStanding`, so the preview and the record agree.
 */

/** The default catalog's ten stars, in display order (DOMAIN.md "Star rating"). */
export const DEFAULT_STAR_CODES = [
  'organization',
  'service',
  'democracy',
  'ethnic-unity',
  'religious-harmony',
  'safety',
  'civility',
  'co-building',
  'environment',
  'integrity',
] as const;

/** Levels from best to worst; pay coefficients and the board key on these codes. */
export const STAR_LEVELS = ['good', 'fairly-good', 'average', 'poor'] as const;
export type StarLevel = (typeof STAR_LEVELS)[number];

/** A star code: lower-case words joined by hyphens (`ethnic-unity`). */
export const STAR_CODE_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export type StarVetoMode = 'any-missing' | 'all-missing';

export type StarRules = {
  /** The first entry (highest `minStars` first) whose minimum the count reaches gives the level. */
  levels: { level: StarLevel; minStars: number }[];
  /** Every honour whose minimum the count reaches is recommended, unless a veto bars it. */
  recommendations: { code: string; minStars: number }[];
  /**
   * Lacking the `requires` stars (any of them, or all of them, by `mode`) bars the `bars`
   * evaluations. A veto beats a recommendation: a barred code is never recommended.
   */
  vetoes: { code: string; requires: string[]; mode: StarVetoMode; bars: string[] }[];
};

export const DEFAULT_STAR_RULES: StarRules = {
  levels: [
    { level: 'good', minStars: 8 },
    { level: 'fairly-good', minStars: 7 },
    { level: 'average', minStars: 5 },
    { level: 'poor', minStars: 0 },
  ],
  recommendations: [
    { code: 'five-good-branch', minStars: 7 },
    { code: 'city-advanced', minStars: 8 },
    { code: 'region-advanced', minStars: 10 },
  ],
  vetoes: [
    // The essay: "没有民族团结星、宗教和谐星的，不得参加民族团结进步评选、宗教界'双五好'评选" —
    // read by default as lacking either; the city may switch the mode to lacking both.
    {
      code: 'ethnic-religious',
      requires: ['ethnic-unity', 'religious-harmony'],
      mode: 'any-missing',
      bars: ['ethnic-unity-progress', 'religious-double-five-good'],
    },
    { code: 'civility', requires: ['civility'], mode: 'any-missing', bars: ['civilized-community'] },
    { code: 'safety', requires: ['safety'], mode: 'any-missing', bars: ['safe-community'] },
  ],
};

export type StarStanding = { count: number; level: StarLevel; recommendations: string[]; barredFrom: string[] };

/** Problems with a rule set, as paths and messages; empty when it can be used. */
export function starRulesProblems(rules: StarRules): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  const levels = rules.levels;
  const seen = new Set<string>();
  levels.forEach((l, i) => {
    if (seen.has(l.level)) out.push({ path: `/levels/${i}/level`, message: `level ${l.level} appears twice` });
    seen.add(l.level);
    if (i > 0 && l.minStars >= levels[i - 1]!.minStars)
      out.push({ path: `/levels/${i}/minStars`, message: 'levels must be listed with strictly falling minimums' });
  });
  if (!levels.some((l) => l.minStars === 0)) out.push({ path: '/levels', message: 'one level must start at 0 stars, so that every count has a level' });
  const barred = new Set<string>();
  rules.vetoes.forEach((v, i) => {
    if (v.requires.length === 0) out.push({ path: `/vetoes/${i}/requires`, message: 'a veto names at least one star' });
    if (v.bars.length === 0) out.push({ path: `/vetoes/${i}/bars`, message: 'a veto bars at least one evaluation' });
    v.bars.forEach((b) => barred.add(b));
  });
  const recs = new Set<string>();
  rules.recommendations.forEach((r, i) => {
    if (recs.has(r.code)) out.push({ path: `/recommendations/${i}/code`, message: `recommendation ${r.code} appears twice` });
    recs.add(r.code);
  });
  return out;
}

/** Level, recommendations and vetoes for the stars held (codes; order and unknown codes do not matter). */
export function starStanding(stars: Iterable<string>, rules: StarRules = DEFAULT_STAR_RULES): StarStanding {
  const held = new Set(stars);
  const count = held.size;
  const level = rules.levels.find((l) => count >= l.minStars)?.level ?? 'poor';
  const barred: string[] = [];
  for (const veto of rules.vetoes) {
    const missing = veto.requires.filter((s) => !held.has(s)).length;
    const applies = veto.mode === 'all-missing' ? missing === veto.requires.length : missing > 0;
    if (applies) for (const b of veto.bars) if (!barred.includes(b)) barred.push(b);
  }
  const recommendations = rules.recommendations.filter((r) => count >= r.minStars && !barred.includes(r.code)).map((r) => r.code);
  return { count, level, recommendations, barredFrom: barred };
}

/** Every honour a rule set can recommend or bar, for lists and labels. */
export function starHonours(rules: StarRules = DEFAULT_STAR_RULES): { recommended: string[]; barrable: string[] } {
  return {
    recommended: rules.recommendations.map((r) => r.code),
    barrable: [...new Set(rules.vetoes.flatMap((v) => v.bars))],
  };
}

/** Performance-pay coefficient per level for cadres' annual assessment (setting `stars.payCoefficients`). */
export type StarPayCoefficients = Record<StarLevel, number>;
export const DEFAULT_STAR_PAY_COEFFICIENTS: StarPayCoefficients = { good: 1.2, 'fairly-good': 1.1, average: 1.0, poor: 0.9 };

/**
 * An indicator's score: the weighted mean of its indicators' 0–100 scores, rounded to one
 * decimal; a star passes when the score reaches its pass mark. Null while any indicator is unscored.
 */
export function starScore(indicators: readonly { weight: number; score: number | null }[]): number | null {
  if (indicators.length === 0 || indicators.some((i) => i.score === null)) return null;
  const total = indicators.reduce((s, i) => s + i.weight, 0);
  if (total <= 0) return null;
  const sum = indicators.reduce((s, i) => s + i.weight * (i.score as number), 0);
  return Math.round((sum / total) * 10) / 10;
}

export const starPasses = (score: number | null, passMark: number): boolean => score !== null && score >= passMark;
