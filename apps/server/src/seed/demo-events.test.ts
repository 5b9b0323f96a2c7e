import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_STATES, canEventTransition, type EventAction, type EventState } from '@lingyan/shared';
import { createTestApp, type TestApp } from '../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: 'fixed', registry: 'small' });
});
afterAll(() => t.close());

describe('demo events', () => {
  it('has events in every step of the loop, returned, reworked and overdue ones, across the urban communities', async () => {
    const db = t.runtime.ctx.db;
    const events = await db.selectFrom('events').selectAll().execute();
    const states = new Set(events.map((e) => e.state));
    expect(EVENT_STATES.filter((s) => !states.has(s))).toEqual([]);
    expect(events.some((e) => e.return_count > 0)).toBe(true);
    expect(events.some((e) => e.rework_count > 0)).toBe(true);
    const now = t.clock.now().toISOString();
    expect(events.some((e) => e.clock_due !== null && e.clock_due < now && e.escalated_at !== null)).toBe(true);
    const communities = await db.selectFrom('events as e').innerJoin('org_nodes as g', 'g.id', 'e.grid_id').select('g.parent_id').distinct().execute();
    expect(communities.length).toBeGreaterThanOrEqual(14);
    // tianshan-grid1's own grid has events reported by them.
    const grid1 = await t.userId('tianshan-grid1');
    expect(events.filter((e) => e.reporter_id === grid1).length).toBeGreaterThan(0);
  });

  it('every timeline is a path the state machine allows, ending in the event’s state', async () => {
    const db = t.runtime.ctx.db;
    const events = await db.selectFrom('events').select(['id', 'state']).execute();
    const steps = await db.selectFrom('event_steps').select(['event_id', 'action', 'from_state', 'to_state']).orderBy('at').orderBy('id').execute();
    const byEvent = new Map<string, typeof steps>();
    for (const s of steps) byEvent.set(s.event_id, [...(byEvent.get(s.event_id) ?? []), s]);
    for (const e of events) {
      let state: string | null = null;
      for (const s of byEvent.get(e.id) ?? []) {
        if (s.action === 'collect') state = 'reported';
        else if (s.action !== 'escalate') {
          expect([e.id, s.action, canEventTransition(state as EventState, s.action as EventAction)]).toEqual([e.id, s.action, true]);
          state = s.to_state;
        }
      }
      expect([e.id, state]).toEqual([e.id, e.state]);
    }
  });
});
