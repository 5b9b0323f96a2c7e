import { z } from 'zod';
import { abilitiesSchema, idSchema, isoDateSchema, pageQuerySchema } from './common.ts';
import { CLOCK_STATES } from '../service-hall/request-states.ts';
import { EVENT_CATEGORY_KINDS, EVENT_CLOCK_STEPS, EVENT_GRADES, EVENT_SOURCES, EVENT_STATES, LIMIT_UNITS, type EventAction } from '../events/event-states.ts';
import { EVENT_FIGURES } from '../events/event-figures.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const note = z.string().trim().max(1000).optional();
const photoIds = z.array(idSchema).max(9).default([]);

export const eventLimitSchema = z.strictObject({ value: z.number().min(0).max(720), unit: z.enum(LIMIT_UNITS) });

export const eventCategorySchema = z.object({
  id: z.string(),
  kind: z.enum(EVENT_CATEGORY_KINDS),
  code: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  level: z.number().int(),
  registerLimit: eventLimitSchema,
  dispatchLimit: eventLimitSchema,
  handleLimit: eventLimitSchema,
  closingCondition: z.string(),
  active: z.boolean(),
  sortOrder: z.number().int(),
});
export type EventCategory = z.infer<typeof eventCategorySchema>;

const categoryFields = {
  name: text(64),
  registerLimit: eventLimitSchema,
  dispatchLimit: eventLimitSchema,
  handleLimit: eventLimitSchema,
  closingCondition: text(500),
  active: z.boolean(),
  sortOrder: z.number().int().min(0).max(10_000),
};
/** A top-level category (大类) has no parent and a two-digit code; a second-level one (小类) its parent's code and two more digits. */
export const eventCategoryInputSchema = z.strictObject({
  kind: z.enum(EVENT_CATEGORY_KINDS),
  code: z.string().regex(/^\d{2}(\d{2})?$/),
  parentId: idSchema.nullable().default(null),
  ...categoryFields,
  active: categoryFields.active.default(true),
  sortOrder: categoryFields.sortOrder.default(0),
});
export const updateEventCategoryInputSchema = z.strictObject(categoryFields).partial();

export const eventLocationSchema = z.strictObject({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });

/** Reporting an event (采集上报) from the web: a grid worker in their grid, or the community for a resident or the hotline. */
export const collectEventInputSchema = z.strictObject({
  gridId: idSchema,
  categoryId: idSchema.nullable().default(null),
  description: text(2000),
  address: z.string().trim().max(200).nullable().default(null),
  location: eventLocationSchema.nullable().default(null),
  photoIds,
  source: z.enum(EVENT_SOURCES).exclude(['visit']).default('grid-worker'),
});

export const eventActionInputSchemas = {
  register: z.strictObject({ categoryId: idSchema.optional(), note }),
  void: z.strictObject({ reason: text(500) }),
  dispatch: z.strictObject({ orgId: idSchema, userId: idSchema.nullable().optional(), note }),
  return: z.strictObject({ reason: text(500) }),
  feedback: z.strictObject({ result: text(1000), photoIds }),
  verify: z.strictObject({ note }),
  rework: z.strictObject({ reason: text(500) }),
  evaluate: z.strictObject({ grade: z.enum(EVENT_GRADES), note }),
} as const satisfies Record<EventAction, z.ZodType>;

export const eventClockSchema = z.object({ step: z.enum(EVENT_CLOCK_STEPS), startedAt: z.string(), due: z.string(), state: z.enum(CLOCK_STATES) });

export const eventSchema = z.object({
  id: z.string(),
  number: z.string(),
  state: z.enum(EVENT_STATES),
  source: z.enum(EVENT_SOURCES),
  gridId: z.string(),
  gridName: z.string(),
  communityName: z.string().nullable(),
  categoryId: z.string().nullable(),
  categoryName: z.string().nullable(),
  categoryCode: z.string().nullable(),
  categoryKind: z.enum(EVENT_CATEGORY_KINDS).nullable(),
  description: z.string(),
  address: z.string().nullable(),
  location: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  reporterId: z.string().nullable(),
  reporterName: z.string().nullable(),
  reportedAt: z.string(),
  handlerOrgId: z.string().nullable(),
  handlerOrgName: z.string().nullable(),
  handlerUserId: z.string().nullable(),
  handlerUserName: z.string().nullable(),
  /** The clock of the step under way; null once fed back, closed or voided. */
  clock: eventClockSchema.nullable(),
  /** The handling clock as frozen at the last feedback (null before). */
  handleClock: z.enum(CLOCK_STATES).nullable(),
  escalated: z.boolean(),
  reworkCount: z.number().int(),
  returnCount: z.number().int(),
  grade: z.enum(EVENT_GRADES).nullable(),
  closedAt: z.string().nullable(),
  abilities: abilitiesSchema,
});
export type EventItem = z.infer<typeof eventSchema>;

export const eventStepSchema = z.object({
  at: z.string(),
  action: z.string(),
  actorName: z.string().nullable(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export const eventPhotoSchema = z.object({ id: z.string(), name: z.string(), contentType: z.string(), size: z.number().int() });
export const eventDetailSchema = eventSchema.extend({
  closingCondition: z.string().nullable(),
  voidReason: z.string().nullable(),
  visitId: z.string().nullable(),
  dues: z.object({ register: z.string().nullable(), dispatch: z.string().nullable(), handle: z.string().nullable() }),
  steps: z.array(eventStepSchema),
  photos: z.array(eventPhotoSchema),
});
export type EventDetail = z.infer<typeof eventDetailSchema>;

export const eventListQuerySchema = pageQuerySchema.extend({
  orgId: idSchema.optional(),
  state: z.enum(EVENT_STATES).optional(),
  open: z.enum(['true', 'false']).optional(),
  clock: z.enum(CLOCK_STATES).optional(),
  /** Reported on or after / before (China dates). */
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  reporterId: idSchema.optional(),
  /** Events dispatched to the caller or their unit. */
  mine: z.enum(['handling', 'reported']).optional(),
  /** Only events escalated for an overdue step: the list the township follows up (督办). */
  escalated: z.enum(['true']).optional(),
  /** Drill-down: the events behind one figure. */
  figure: z.enum(EVENT_FIGURES).optional(),
  q: z.string().trim().max(64).optional(),
});

export const eventDispatchTargetsSchema = z.object({
  orgs: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string() })),
  users: z.array(z.object({ id: z.string(), displayName: z.string(), orgId: z.string(), orgName: z.string() })),
});

export const eventStatsQuerySchema = z.object({ orgId: idSchema.optional(), from: isoDateSchema.optional(), to: isoDateSchema.optional() });
const count = z.number().int();
export const eventFiguresSchema = z.object({
  reported: count,
  registered: count,
  closed: count,
  closedOnTime: count,
  fedBack: count,
  reworked: count,
  dispatched: count,
  returned: count,
  onTimeRate: z.number().nullable(),
  reworkRate: z.number().nullable(),
  returnedRate: z.number().nullable(),
});
export const eventStatsSchema = z.object({
  orgId: z.string(),
  orgName: z.string(),
  orgKind: z.string(),
  from: z.string(),
  to: z.string(),
  figures: eventFiguresSchema,
  /** One row per org node below (townships, communities or grids). */
  children: z.array(z.object({ orgId: z.string(), name: z.string(), kind: z.string(), figures: eventFiguresSchema })),
  /** One row per person who reported events in the org (grid workers and others). */
  workers: z.array(z.object({ userId: z.string(), name: z.string(), figures: eventFiguresSchema })),
});
export type EventStats = z.infer<typeof eventStatsSchema>;
