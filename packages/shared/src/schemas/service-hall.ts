import { z } from 'zod';
import { abilitiesSchema, idSchema, isoDateSchema, pageQuerySchema } from './common.ts';
import { attachmentIdsSchema, fileRefSchema } from './files.ts';
import { CHANNELS, CLOCK_STATES, RATINGS, REQUEST_STATES } from '../service-hall/request-states.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

export const serviceItemSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  category: z.string(),
  department: z.string(),
  materials: z.array(z.string()),
  legalBasis: z.string().nullable(),
  limitDays: z.number().int(),
  responseDays: z.number().int(),
  agency: z.boolean(),
  homeVisit: z.boolean(),
  oneTrip: z.boolean(),
  online: z.boolean(),
  active: z.boolean(),
  abilities: abilitiesSchema,
});
export type ServiceItem = z.infer<typeof serviceItemSchema>;
/** The fields of an item as the city edits them, without defaults (an update changes only what it names). */
const serviceItemFields = {
  name: text(100),
  category: text(32),
  department: text(64),
  materials: z.array(text(200)).max(30),
  legalBasis: z.string().trim().max(500).nullable(),
  limitDays: z.number().int().min(0).max(120),
  responseDays: z.number().int().min(0).max(30),
  agency: z.boolean(),
  homeVisit: z.boolean(),
  oneTrip: z.boolean(),
  online: z.boolean(),
  active: z.boolean(),
};
export const serviceItemInputSchema = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9-]{2,32}$/),
  ...serviceItemFields,
  materials: serviceItemFields.materials.default([]),
  legalBasis: serviceItemFields.legalBasis.optional(),
  responseDays: serviceItemFields.responseDays.default(1),
  agency: serviceItemFields.agency.default(false),
  homeVisit: serviceItemFields.homeVisit.default(false),
  oneTrip: serviceItemFields.oneTrip.default(false),
  online: serviceItemFields.online.default(false),
  active: serviceItemFields.active.default(true),
});
/** A partial update: a field left out keeps its value (no defaults here, unlike creating). */
export const updateServiceItemInputSchema = z.strictObject(serviceItemFields).partial();

export const requestEventSchema = z.object({
  at: z.string(),
  /** The person's name (not their username); null for a step taken by no account (a resident online). */
  actorName: z.string().nullable(),
  /** Where they work: the org nodes of their assignments. */
  actorOrgName: z.string().nullable(),
  action: z.string(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
});

export const serviceRequestSchema = z.object({
  id: z.string(),
  number: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  itemId: z.string(),
  itemName: z.string(),
  channel: z.enum(CHANNELS),
  residentId: z.string().nullable(),
  residentName: z.string().nullable(),
  contactPhoneMasked: z.string().nullable(),
  description: z.string(),
  state: z.enum(REQUEST_STATES),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  handlerId: z.string().nullable(),
  handlerName: z.string().nullable(),
  handlerOrgName: z.string().nullable(),
  receivedAt: z.string(),
  responseDue: z.string(),
  respondedAt: z.string().nullable(),
  responseClock: z.enum(CLOCK_STATES),
  completionDue: z.string(),
  dueProvisional: z.boolean(),
  completedAt: z.string().nullable(),
  completionClock: z.enum(CLOCK_STATES),
  pausedOn: z.string().nullable(),
  informedAt: z.string().nullable(),
  informMethod: z.string().nullable(),
  closedAt: z.string().nullable(),
  refusedReason: z.string().nullable(),
  trips: z.number().int(),
  agencyAuthorized: z.boolean(),
  rating: z.enum(RATINGS).nullable(),
  ratingComment: z.string().nullable(),
  followUpNeeded: z.boolean(),
  excluded: z.boolean(),
  excludedReason: z.string().nullable(),
  abilities: abilitiesSchema,
});
export type ServiceRequest = z.infer<typeof serviceRequestSchema>;
export const serviceRequestDetailSchema = serviceRequestSchema.extend({
  events: z.array(requestEventSchema),
  agencyAuthorizations: z.array(z.object({ id: z.string(), scope: z.string(), validUntil: z.string(), signedHow: z.string(), recordedAt: z.string() })),
  visits: z.array(
    z.object({ id: z.string(), scheduledFor: z.string(), assigneeName: z.string(), outcome: z.string().nullable(), doneAt: z.string().nullable() }),
  ),
  attachments: z.array(fileRefSchema),
});

export const receiveRequestInputSchema = z.strictObject({
  orgId: idSchema,
  itemId: idSchema,
  channel: z.enum(CHANNELS).default('window'),
  residentId: idSchema.nullable().optional(),
  visitorName: z.string().trim().max(64).nullable().optional(),
  contactPhone: z.string().trim().max(20).nullable().optional(),
  description: text(2000),
  /** The resident came to the hall for it: counts as their first trip. */
  walkIn: z.boolean().default(false),
  /** Photos or scans of the materials, uploaded first (POST /files); attached to the request. */
  attachmentIds: attachmentIdsSchema.optional(),
});

export const serviceRequestListQuerySchema = pageQuerySchema.extend({
  orgId: idSchema.optional(),
  state: z.enum(REQUEST_STATES).optional(),
  clock: z.enum(CLOCK_STATES).optional(),
  itemId: idSchema.optional(),
  channel: z.enum(CHANNELS).optional(),
  owner: z.enum(['me']).optional(),
  handler: z.enum(['me']).optional(),
  open: z.enum(['true', 'false']).optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  q: z.string().trim().max(64).optional(),
  excluded: z.enum(['true', 'false']).optional(),
  /** Drill-down from a figure: the requests behind one number. */
  metric: z.enum(['responded-late', 'not-resolved', 'dissatisfied', 'completed-late', 'more-than-one-trip']).optional(),
});

export const requestActionInputSchemas = {
  accept: z.strictObject({ note: z.string().trim().max(500).optional() }),
  refuse: z.strictObject({ reason: text(500) }),
  transfer: z.strictObject({ toUserId: idSchema.optional(), toOrgId: idSchema.optional(), note: z.string().trim().max(500).optional() }),
  pause: z.strictObject({ reason: text(500) }),
  resume: z.strictObject({ note: z.string().trim().max(500).optional() }),
  complete: z.strictObject({ result: text(1000) }),
  inform: z.strictObject({ method: z.enum(['phone', 'sms', 'in-person', 'home-visit', 'letter', 'online']), note: z.string().trim().max(500).optional() }),
  rate: z.strictObject({
    rating: z.enum(RATINGS),
    comment: z.string().trim().max(1000).optional(),
    source: z.enum(['return-visit', 'window']).default('return-visit'),
  }),
  close: z.strictObject({ note: z.string().trim().max(500).optional() }),
  reopen: z.strictObject({ reason: text(500) }),
  trip: z.strictObject({ note: z.string().trim().max(500).optional() }),
  'authorize-agency': z.strictObject({
    scope: text(500),
    validUntil: isoDateSchema,
    signedHow: z.enum(['written', 'electronic', 'fingerprint', 'verbal-recorded']),
  }),
  'agency-step': z.strictObject({ step: text(500) }),
  'schedule-visit': z.strictObject({ scheduledFor: isoDateSchema, assigneeId: idSchema }),
  'record-visit': z.strictObject({ visitId: idSchema, outcome: text(1000) }),
  'follow-up': z.strictObject({ result: z.enum(['upheld', 'unfounded']), note: text(1000) }),
  exclude: z.strictObject({ excluded: z.boolean(), reason: text(500) }),
} as const;

/** Whom the caller may transfer a request to (转办): people and org nodes, as the server will accept them. */
export const transferTargetsSchema = z.object({
  users: z.array(z.object({ id: z.string(), displayName: z.string(), orgName: z.string() })),
  orgs: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string() })),
});
export type TransferTargets = z.infer<typeof transferTargetsSchema>;

export const statsQuerySchema = z.object({ orgId: idSchema.optional(), from: isoDateSchema.optional(), to: isoDateSchema.optional() });
const figuresSchema = z.object({
  total: z.number(),
  responseRate: z.number().nullable(),
  resolutionRate: z.number().nullable(),
  satisfactionRate: z.number().nullable(),
  score: z.number().nullable(),
  onTimeRate: z.number().nullable(),
  oneTripRate: z.number().nullable(),
  completed: z.number(),
  rated: z.number(),
});
export const statsSchema = z.object({
  orgId: z.string(),
  orgName: z.string(),
  from: z.string(),
  to: z.string(),
  weights: z.object({ response: z.number(), resolution: z.number(), satisfaction: z.number() }),
  figures: figuresSchema,
  excluded: z.number(),
  byItem: z.array(z.object({ itemId: z.string(), itemName: z.string(), count: z.number() })),
  byChannel: z.array(z.object({ channel: z.string(), count: z.number() })),
  byOrg: z.array(z.object({ orgId: z.string(), orgName: z.string(), figures: figuresSchema })),
});
