/**
 * The figures of the event loop (GB/T 30428.4 style), counted over the events reported in a period:
 * reported, registered (立案), closed (结案), closed on time (the handling clock met), the rework rate
 * (返工率: of the cases fed back, those sent back at least once) and the returned rate (退回率: of
 * the cases dispatched, those returned at least once by a unit). Each figure is a predicate on one
 * event, so a number and the events behind it (the drill-down) never disagree.
 */
export type EventFacts = {
  state: string;
  registeredAt: string | null;
  closedAt: string | null;
  handleClock: string | null;
  reworkCount: number;
  returnCount: number;
  dispatchCount: number;
  feedbackCount: number;
};

export const EVENT_FIGURES = ['reported', 'registered', 'closed', 'closedOnTime', 'fedBack', 'reworked', 'dispatched', 'returned'] as const;
export type EventFigure = (typeof EVENT_FIGURES)[number];

export const EVENT_FIGURE_RULES: Record<EventFigure, (e: EventFacts) => boolean> = {
  reported: () => true,
  registered: (e) => e.registeredAt !== null,
  closed: (e) => e.closedAt !== null,
  closedOnTime: (e) => e.closedAt !== null && e.handleClock === 'on-time',
  fedBack: (e) => e.feedbackCount > 0,
  reworked: (e) => e.reworkCount > 0,
  dispatched: (e) => e.dispatchCount > 0,
  returned: (e) => e.returnCount > 0,
};

export type EventFigures = Record<EventFigure, number> & {
  /** closedOnTime / closed; null without closed cases. */
  onTimeRate: number | null;
  /** reworked / fedBack. */
  reworkRate: number | null;
  /** returned / dispatched. */
  returnedRate: number | null;
};

const rate = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);

export function eventFigures(events: readonly EventFacts[]): EventFigures {
  const counts = Object.fromEntries(EVENT_FIGURES.map((f) => [f, 0])) as Record<EventFigure, number>;
  for (const e of events) for (const f of EVENT_FIGURES) if (EVENT_FIGURE_RULES[f](e)) counts[f] += 1;
  return {
    ...counts,
    onTimeRate: rate(counts.closedOnTime, counts.closed),
    reworkRate: rate(counts.reworked, counts.fedBack),
    returnedRate: rate(counts.returned, counts.dispatched),
  };
}
