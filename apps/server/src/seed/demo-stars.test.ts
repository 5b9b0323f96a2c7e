import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phaseOn, starScore, starStanding, type PhaseSpan, type StarCatalogContent } from '@lingyan/shared';
import { createTestApp, type TestApp } from '../test/harness.ts';
import { householdKey } from '../modules/star-survey/star-survey.results.ts';
import { chinaDate } from '../platform/auth/actor.ts';
import { DEFAULT_STAR_CATALOG } from '../modules/stars/stars.defaults.ts';

// The star rating's demo as `npm start` seeds it, on the 'small' registry (households in 天山路社区
// and 广场路社区) at the fixed moment of the harness: Thursday 26 November 2026, 10:00 in Shawan.
const TODAY = '2026-11-26';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed', registry: 'small' });
});
afterAll(() => t.close());

const db = () => t.runtime.ctx.db;
const cycleOf = async (year: number) => {
  const cycle = await db().selectFrom('star_cycles').selectAll().where('year', '=', year).executeTakeFirstOrThrow();
  const entries = await db()
    .selectFrom('star_entries as e')
    .innerJoin('org_nodes as o', 'o.id', 'e.community_id')
    .selectAll('e')
    .select(['o.name', 'o.code'])
    .where('e.cycle_id', '=', cycle.id)
    .orderBy('o.code')
    .execute();
  return { cycle, entries };
};
const heldBy = async () => {
  const rows = await db().selectFrom('community_stars as s').innerJoin('org_nodes as o', 'o.id', 's.community_id').select(['o.name', 's.star_code']).execute();
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.name, [...(out.get(r.name) ?? []), r.star_code]);
  return out;
};

describe('the demo star rating', () => {
  it('has one officer per reviewing department who signs in and is a member of it', async () => {
    const reviewing = [...new Set(DEFAULT_STAR_CATALOG.stars.map((s) => s.departmentCode))].sort();
    expect(reviewing).toHaveLength(9);
    const members = await db()
      .selectFrom('department_members as m')
      .innerJoin('departments as d', 'd.id', 'm.department_id')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .innerJoin('assignments as a', 'a.user_id', 'u.id')
      .select(['d.code', 'u.username', 'a.role'])
      .execute();
    expect(members.map((m) => m.code).sort()).toEqual(reviewing);
    for (const m of members) {
      expect(m).toEqual({ code: m.code, username: `dept-${m.code}`, role: 'department-officer' });
      const me = (await (await t.login(m.username)).get('/api/v1/auth/me')).json();
      expect(me.assignments.map((a: { role: string; orgName: string }) => [a.role, a.orgName])).toEqual([['department-officer', '沙湾市']]);
      expect(me.permissions).toContain('star:review');
    }
    const zfw = await db().selectFrom('users').select('display_name').where('username', '=', 'dept-zfw').executeTakeFirstOrThrow();
    expect(zfw.display_name).toBe('市委政法委干部');
  });

  it('displayed last year’s cycle for the 14 urban communities; the stars held are the awarded ones less the one removed', async () => {
    const { cycle, entries } = await cycleOf(2025);
    expect(entries).toHaveLength(14);
    expect(entries.every((e) => e.state === 'displayed' && e.displayed_at !== null)).toBe(true);
    expect(phaseOn(JSON.parse(cycle.phases) as PhaseSpan[], TODAY)).toBe('display');
    const catalog = await db().selectFrom('star_catalogs').select('locked_at').where('id', '=', cycle.catalog_id).executeTakeFirstOrThrow();
    expect(catalog.locked_at).not.toBeNull();
    const removed = await db().selectFrom('star_history').selectAll().where('change', '=', 'removed').execute();
    expect(removed).toHaveLength(1);
    // As star-checks records it: the removal's id is the history row's source and is marked on the failed star of the check.
    const checks = await db().selectFrom('star_checks').selectAll().where('community_id', '=', removed[0]!.community_id).execute();
    const check = checks.find((c) => (JSON.parse(c.results) as { removalId: string | null }[]).some((r) => r.removalId === removed[0]!.source_id))!;
    expect(check).toBeDefined();
    expect(removed[0]).toMatchObject({ source_type: 'removal', community_id: check.community_id, star_code: 'safety' });
    expect(check.quarter).toBe('2026-Q3');
    expect(await db().selectFrom('star_checks').select('id').where('quarter', '=', '2026-Q3').execute()).toHaveLength(14);
    expect(JSON.parse(check.results)).toContainEqual(expect.objectContaining({ starCode: 'safety', result: 'failed' }));
    const notified = await db().selectFrom('star_notifications').selectAll().where('kind', '=', 'star-removed').execute();
    expect(notified.map((n) => [n.community_id, n.star_code])).toEqual([[check.community_id, 'safety']]);

    const held = await heldBy();
    for (const e of entries) {
      const awarded = JSON.parse(e.awarded!) as string[];
      const expected = awarded.filter((s) => !(e.community_id === check.community_id && s === 'safety'));
      expect((held.get(e.name) ?? []).sort(), e.name).toEqual(expected.sort());
    }
    const awards = await db().selectFrom('star_history').select(['source_id', 'source_type']).where('change', '=', 'awarded').execute();
    expect(awards.length).toBe(entries.reduce((n, e) => n + (JSON.parse(e.awarded!) as string[]).length, 0));
    expect(awards.every((a) => a.source_type === 'cycle' && a.source_id === cycle.id)).toBe(true);
  });

  it('has the intended spread of levels: 4 好, 3 较好, 5 一般, 2 差, with the barred communities', async () => {
    const held = await heldBy();
    const level = (name: string) => starStanding(held.get(name) ?? []).level;
    const expected: Record<string, string> = {
      体育场路社区: 'good',
      奎屯路社区: 'average',
      乌鲁木齐西路社区: 'good',
      伊宁路社区: 'average',
      林场社区: 'poor',
      天山路社区: 'fairly-good',
      广场路社区: 'good',
      少年路社区: 'average',
      沙城路社区: 'fairly-good',
      光明路社区: 'poor',
      老沙湾路社区: 'average',
      凯旋路社区: 'good',
      塔城路社区: 'fairly-good',
      人民路社区: 'average',
    };
    expect(Object.fromEntries(Object.keys(expected).map((n) => [n, level(n)]))).toEqual(expected);
    expect(held.get('天山路社区')).toHaveLength(7);
    const barred = (name: string) => starStanding(held.get(name) ?? []).barredFrom;
    expect(barred('林场社区')).toContain('ethnic-unity-progress');
    expect(barred('少年路社区')).toEqual(['civilized-community']);
    expect(barred('老沙湾路社区')).toEqual(['safe-community']);
    expect(barred('天山路社区')).toEqual([]);
  });

  it('awarded exactly the accepted stars whose score reaches the pass mark, the score being the township’s weighted mean', async () => {
    const { cycle, entries } = await cycleOf(2025);
    const content = JSON.parse(
      (await db().selectFrom('star_catalogs').select('content').where('id', '=', cycle.catalog_id).executeTakeFirstOrThrow()).content,
    ) as StarCatalogContent;
    const stars = await db()
      .selectFrom('star_entry_stars')
      .selectAll()
      .where(
        'entry_id',
        'in',
        entries.map((e) => e.id),
      )
      .execute();
    expect(stars).toHaveLength(14 * content.stars.length);
    for (const e of entries) {
      const awarded = new Set(JSON.parse(e.awarded!) as string[]);
      for (const def of content.stars) {
        const row = stars.find((s) => s.entry_id === e.id && s.star_code === def.code)!;
        const scores = JSON.parse(row.township_scores!) as Record<string, number>;
        expect(Number(row.score)).toBe(starScore(def.indicators.map((i) => ({ weight: i.weight, score: scores[i.code] ?? null }))));
        expect(row.review_state).toBe('accepted');
        expect(Object.keys(JSON.parse(row.self_scores!))).toEqual(def.indicators.filter((i) => i.source === 'manual').map((i) => i.code));
        expect(Number(row.score) >= def.passMark, `${e.name} ${def.code}`).toBe(awarded.has(def.code));
      }
    }
    const steps = await db().selectFrom('star_steps').select(['action', 'star_code']).where('action', 'in', ['returned', 'rescored']).execute();
    expect(steps.filter((s) => s.action === 'returned')).toHaveLength(2);
    expect(steps.filter((s) => s.action === 'rescored')).toHaveLength(2);
    // Every hand-over happened inside the phase open to it, by an account of the right role.
    const phaseOf: Record<string, string> = {
      submitted: 'self-assessment',
      scored: 'township-scoring',
      returned: 'department-review',
      rescored: 'department-review',
      accepted: 'department-review',
      approved: 'city-approval',
      reviewed: 'department-review',
      objection: 'public-notice',
      'objection-dismissed': 'public-notice',
      displayed: 'display',
      created: 'before',
    };
    const chain = JSON.parse(cycle.phases) as PhaseSpan[];
    const all = await db()
      .selectFrom('star_steps as s')
      .leftJoin('assignments as a', 'a.user_id', 's.actor_id')
      .select(['s.action', 's.at', 's.actor_id', 's.actor_name', 'a.role'])
      .where(
        's.entry_id',
        'in',
        entries.map((e) => e.id),
      )
      .execute();
    expect(all.length).toBeGreaterThan(14 * (content.stars.length + 4));
    const roleOf: Record<string, string[]> = {
      submitted: ['community-leader'],
      scored: ['township-officer', 'city-admin'],
      rescored: ['township-officer', 'city-admin'],
      returned: ['department-officer'],
      accepted: ['department-officer'],
      approved: ['city-admin'],
      reviewed: ['department-officer'],
      'objection-dismissed': ['city-admin'],
      displayed: ['city-admin'],
      created: ['city-admin'],
    };
    for (const s of all) {
      expect(phaseOn(chain, chinaDate(new Date(s.at))), `${s.action} ${s.at}`).toBe(phaseOf[s.action]);
      // A public objection has no account behind it; a community without a leader account submits under its name.
      if (s.action === 'objection') expect([s.actor_id, s.actor_name]).toEqual([null, null]);
      else expect(s.actor_name).toBeTruthy();
      if (s.actor_id) expect(roleOf[s.action], s.action).toContain(s.role);
      else expect(['submitted', 'objection']).toContain(s.action);
    }
    const objections = await db().selectFrom('star_objections').selectAll().execute();
    expect(objections).toHaveLength(1);
    expect(objections[0]).toMatchObject({ outcome: 'dismissed' });
    const phases = JSON.parse(cycle.phases) as PhaseSpan[];
    const notice = phases.find((p) => p.phase === 'public-notice')!;
    expect(phaseOn(phases, objections[0]!.answered_at!.slice(0, 10))).toBe('public-notice');
    expect(notice.startsOn.startsWith('2025-12')).toBe(true);
  });

  it('has this year’s cycle in its survey phase: 12 self-assessments submitted, 2 late, one response per household', async () => {
    const { cycle, entries } = await cycleOf(2026);
    const phases = JSON.parse(cycle.phases) as PhaseSpan[];
    expect(phaseOn(phases, TODAY)).toBe('resident-survey');
    expect(phases.find((p) => p.phase === 'resident-survey')!.endsOn! > '2026-11-29').toBe(true);
    expect(entries.filter((e) => e.state === 'submitted')).toHaveLength(12);
    expect(entries.filter((e) => e.state === 'drafting')).toHaveLength(2);
    expect(new Set(entries.map((e) => e.survey_token)).size).toBe(14);
    expect(entries.every((e) => /^[A-Za-z0-9_-]{16,}$/.test(e.survey_token))).toBe(true);

    const households = await db().selectFrom('households').select(['id', 'org_path']).execute();
    const responses = await db().selectFrom('star_survey_responses').selectAll().execute();
    for (const code of ['654203002009', '654203002015']) {
      const entry = entries.find((e) => e.code === code)!;
      const mine = responses.filter((r) => r.entry_id === entry.id);
      expect(mine.length, code).toBeGreaterThan(0);
      const keys = new Set(
        households.filter((h) => h.org_path.startsWith(entry.community_path)).map((h) => householdKey(t.runtime.ctx.crypto, entry.id, h.id)),
      );
      expect(new Set(mine.map((r) => r.household_key)).size).toBe(mine.length);
      expect(mine.every((r) => keys.has(r.household_key))).toBe(true);
      expect(mine.every((r) => r.submitted_at <= t.clock.now().toISOString())).toBe(true);
    }
    expect(new Set(responses.map((r) => r.channel))).toEqual(new Set(['online-sms', 'household-code', 'paper']));
    const answers = await db().selectFrom('star_survey_answers').select('answer').execute();
    expect(answers).toHaveLength(responses.length * DEFAULT_STAR_CATALOG.stars.length);
    expect(answers.filter((a) => a.answer === 'satisfied').length / answers.length).toBeGreaterThan(0.5);
  });
});
