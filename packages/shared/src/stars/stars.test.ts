import { describe, expect, it } from 'vitest';
import { DEFAULT_STAR_CODES, DEFAULT_STAR_RULES, starPasses, starRulesProblems, starScore, starStanding, type StarRules } from './star-rules.ts';
import { movePhase, noticeEndsOn, phaseChainProblems, phaseOn, planPhases, STAR_PHASES } from './star-phases.ts';
import { buildWorkCalendar } from '../calendar/work-calendar.ts';

const ALL = [...DEFAULT_STAR_CODES];
/** The first n default stars, keeping the four the vetoes look at until the end. */
const vetoStars = ['ethnic-unity', 'religious-harmony', 'civility', 'safety'];
const others = ALL.filter((c) => !vetoStars.includes(c));
const firstN = (n: number) => [...vetoStars, ...others].slice(0, n);

describe('level from the number of stars', () => {
  it.each([
    [0, 'poor'],
    [4, 'poor'],
    [5, 'average'],
    [6, 'average'],
    [7, 'fairly-good'],
    [8, 'good'],
    [9, 'good'],
    [10, 'good'],
  ])('%i stars → %s', (n, level) => {
    expect(starStanding(firstN(n)).level).toBe(level);
    expect(starStanding(firstN(n)).count).toBe(n);
  });
});

describe('recommendations from the number of stars', () => {
  it.each([
    [6, []],
    [7, ['five-good-branch']],
    [8, ['five-good-branch', 'city-advanced']],
    [9, ['five-good-branch', 'city-advanced']],
    [10, ['five-good-branch', 'city-advanced', 'region-advanced']],
  ])('%i stars → %j', (n, recs) => {
    expect(starStanding(firstN(n)).recommendations).toEqual(recs);
  });

  it('counts distinct stars: a repeated code is one star', () => {
    expect(starStanding(['safety', 'safety', 'civility']).count).toBe(2);
  });
});

describe('vetoes', () => {
  const without = (...missing: string[]) => ALL.filter((c) => !missing.includes(c));
  const both = (rules: StarRules): StarRules => ({
    ...rules,
    vetoes: rules.vetoes.map((v) => (v.code === 'ethnic-religious' ? { ...v, mode: 'all-missing' } : v)),
  });
  const ETHNIC = ['ethnic-unity-progress', 'religious-double-five-good'];

  it('all ten stars bar nothing', () => {
    expect(starStanding(ALL).barredFrom).toEqual([]);
  });
  it.each([
    ['ethnic-unity', ETHNIC],
    ['religious-harmony', ETHNIC],
    ['civility', ['civilized-community']],
    ['safety', ['safe-community']],
  ])('lacking %s bars %j (default: lacking either)', (missing, barred) => {
    expect(starStanding(without(missing)).barredFrom).toEqual(barred);
  });
  it('lacking both ethnic-unity and religious-harmony bars both evaluations', () => {
    expect(starStanding(without('ethnic-unity', 'religious-harmony')).barredFrom).toEqual(ETHNIC);
  });
  it('with the switch set to "lacking both", lacking one of the two bars nothing', () => {
    expect(starStanding(without('ethnic-unity'), both(DEFAULT_STAR_RULES)).barredFrom).toEqual([]);
    expect(starStanding(without('religious-harmony'), both(DEFAULT_STAR_RULES)).barredFrom).toEqual([]);
  });
  it('with the switch set to "lacking both", lacking both bars both evaluations', () => {
    expect(starStanding(without('ethnic-unity', 'religious-harmony'), both(DEFAULT_STAR_RULES)).barredFrom).toEqual(ETHNIC);
  });
  it('the switch does not touch the civility and safety vetoes', () => {
    expect(starStanding(without('civility', 'safety'), both(DEFAULT_STAR_RULES)).barredFrom).toEqual(['civilized-community', 'safe-community']);
  });
  it('a veto beats a recommendation', () => {
    const rules: StarRules = {
      ...DEFAULT_STAR_RULES,
      vetoes: [...DEFAULT_STAR_RULES.vetoes, { code: 'integrity', requires: ['integrity'], mode: 'any-missing', bars: ['city-advanced'] }],
    };
    const nine = without('integrity');
    expect(starStanding(nine).recommendations).toContain('city-advanced');
    const standing = starStanding(nine, rules);
    expect(standing.recommendations).toEqual(['five-good-branch']);
    expect(standing.barredFrom).toEqual(['city-advanced']);
  });
  it('a community with 8 stars lacking ethnic-unity and civility is recommended and barred at once', () => {
    const s = starStanding(without('ethnic-unity', 'civility'));
    expect(s).toEqual({ count: 8, level: 'good', recommendations: ['five-good-branch', 'city-advanced'], barredFrom: [...ETHNIC, 'civilized-community'] });
  });
});

describe('thresholds are data', () => {
  it('a city that moves "good" to 9 stars gets fairly-good at 8', () => {
    const rules: StarRules = {
      ...DEFAULT_STAR_RULES,
      levels: [
        { level: 'good', minStars: 9 },
        { level: 'fairly-good', minStars: 7 },
        { level: 'average', minStars: 5 },
        { level: 'poor', minStars: 0 },
      ],
    };
    expect(starStanding(firstN(8), rules).level).toBe('fairly-good');
    expect(starStanding(firstN(9), rules).level).toBe('good');
  });
  it('names the problems of a broken rule set', () => {
    expect(starRulesProblems(DEFAULT_STAR_RULES)).toEqual([]);
    const broken: StarRules = {
      ...DEFAULT_STAR_RULES,
      levels: [
        { level: 'good', minStars: 5 },
        { level: 'poor', minStars: 7 },
      ],
    };
    expect(starRulesProblems(broken).map((p) => p.path)).toEqual(['/levels/1/minStars', '/levels']);
  });
});

describe('star score', () => {
  it('is the weighted mean of its indicators, to one decimal', () => {
    expect(
      starScore([
        { weight: 60, score: 90 },
        { weight: 40, score: 70 },
      ]),
    ).toBe(82);
    expect(
      starScore([
        { weight: 1, score: 80 },
        { weight: 2, score: 81 },
      ]),
    ).toBe(80.7);
  });
  it('is null while an indicator is unscored', () => {
    expect(
      starScore([
        { weight: 60, score: 90 },
        { weight: 40, score: null },
      ]),
    ).toBeNull();
  });
  it('passes at the pass mark, not below', () => {
    expect(starPasses(80, 80)).toBe(true);
    expect(starPasses(79.9, 80)).toBe(false);
    expect(starPasses(null, 80)).toBe(false);
  });
});

describe('phase chain', () => {
  const cal = buildWorkCalendar();
  const lengths = { 'self-assessment': 15, 'resident-survey': 10, 'township-scoring': 10, 'department-review': 10, 'city-approval': 5 };

  it('counts the notice in working days (2026 National Day week skipped)', () => {
    // 2026-09-30 is a Wednesday; 1–7 October are holidays; 2026-10-10 (Saturday) is a make-up workday.
    expect(noticeEndsOn(cal, '2026-09-30', 1)).toBe('2026-09-30');
    expect(noticeEndsOn(cal, '2026-09-30', 2)).toBe('2026-10-08');
  });

  it('plans a contiguous chain ending in an open display', () => {
    const chain = planPhases(cal, '2026-11-02', lengths, 5);
    expect(chain.map((p) => p.phase)).toEqual([...STAR_PHASES]);
    expect(phaseChainProblems(chain)).toEqual([]);
    expect(chain[0]).toEqual({ phase: 'self-assessment', startsOn: '2026-11-02', endsOn: '2026-11-16' });
    expect(chain.at(-1)!.endsOn).toBeNull();
    expect(phaseOn(chain, '2026-11-01')).toBe('before');
    expect(phaseOn(chain, '2026-11-17')).toBe('resident-survey');
    expect(phaseOn(chain, '2030-01-01')).toBe('display');
  });

  it('moving a phase pulls the one before and pushes the ones after, keeping their lengths', () => {
    const chain = planPhases(cal, '2026-11-02', lengths, 5);
    const { chain: moved, problems } = movePhase(
      cal,
      chain,
      'township-scoring',
      { startsOn: '2026-11-30', endsOn: '2026-12-11' },
      { today: '2026-11-02', noticeWorkingDays: 5 },
    );
    expect(problems).toEqual([]);
    expect(moved[1]!.endsOn).toBe('2026-11-29');
    expect(moved[3]!.startsOn).toBe('2026-12-12');
    expect(moved[3]!.endsOn).toBe('2026-12-21'); // department review keeps its 10 days
    expect(phaseChainProblems(moved)).toEqual([]);
  });

  it('refuses to move a phase that has ended, or to start one in the past', () => {
    const chain = planPhases(cal, '2026-11-02', lengths, 5);
    const ended = movePhase(cal, chain, 'resident-survey', { startsOn: '2026-11-20', endsOn: '2026-11-30' }, { today: '2026-12-20', noticeWorkingDays: 5 });
    expect(ended.problems.some((p) => p.message.includes('already ended'))).toBe(true);
    const past = movePhase(cal, chain, 'city-approval', { startsOn: '2026-11-10', endsOn: '2026-12-30' }, { today: '2026-11-12', noticeWorkingDays: 5 });
    expect(past.problems.length).toBeGreaterThan(0);
  });

  it('refuses a move that would leave the phase before empty', () => {
    const chain = planPhases(cal, '2026-11-02', lengths, 5);
    const r = movePhase(cal, chain, 'resident-survey', { startsOn: '2026-11-02', endsOn: '2026-11-20' }, { today: '2026-11-01', noticeWorkingDays: 5 });
    expect(r.problems.map((p) => p.path)).toContain('/startsOn');
  });

  it('lengthening the notice moves display', () => {
    const chain = planPhases(cal, '2026-11-02', lengths, 5);
    const notice = chain[5]!;
    const r = movePhase(cal, chain, 'public-notice', { startsOn: notice.startsOn }, { today: '2026-11-02', noticeWorkingDays: 7 });
    expect(r.problems).toEqual([]);
    expect(r.chain[6]!.startsOn > chain[6]!.startsOn).toBe(true);
  });
});

describe('resident survey score', () => {
  it('averages 100 / 60 / 0 points to one decimal, null with no answers', async () => {
    const { surveyScore, participationRate } = await import('./survey-rules.ts');
    expect(surveyScore({ satisfied: 2, 'basically-satisfied': 1, dissatisfied: 0 })).toBe(86.7);
    expect(surveyScore({ satisfied: 0, 'basically-satisfied': 0, dissatisfied: 3 })).toBe(0);
    expect(surveyScore({ satisfied: 0, 'basically-satisfied': 0, dissatisfied: 0 })).toBeNull();
    expect(participationRate(1, 3)).toBe(33);
    expect(participationRate(5, 0)).toBe(0);
  });
});

describe('rented homes registered on time (the safety star’s figure)', () => {
  it('is the share of tenancies registered within the allowed days, to one decimal; null with none', async () => {
    const { onTimeRegistrationRate } = await import('../registry/rentals.ts');
    const policy = { registerWithinDays: 3, permitWarnDays: 30 };
    expect(onTimeRegistrationRate([0, 3, 4, 10], policy)).toBe(50); // 3 days is in time, 4 is late
    expect(onTimeRegistrationRate([0, 1, 2], policy)).toBe(100);
    expect(onTimeRegistrationRate([0, 0, 9], policy)).toBe(66.7);
    expect(onTimeRegistrationRate([], policy)).toBeNull();
  });
});
