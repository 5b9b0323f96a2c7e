import { z } from 'zod';
import { idSchema, isoDateSchema, pageQuerySchema } from './common.ts';
import { VISIT_PERIOD_MONTHS } from '../visits/periods.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

export const VISIT_KINDS = ['routine', 'special-group', 'follow-up', 'emergency', 'other'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];
export const NEED_CATEGORIES = ['elderly-care', 'medical', 'employment', 'housing', 'assistance', 'education', 'disability', 'other'] as const;
export const NEED_STATUSES = ['open', 'matched', 'closed'] as const;
export const VISIT_RAISE_TYPES = ['request', 'event', 'need'] as const;

/** What a visit found, raised in the same step: a service request, an event or a need. */
export const visitRaiseSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('request'), itemId: idSchema, description: text(2000) }),
  z.strictObject({
    type: z.literal('event'),
    categoryId: idSchema.nullable().default(null),
    description: text(2000),
    /** Defaults to the household's address. */
    address: z.string().trim().max(200).nullable().optional(),
  }),
  z.strictObject({ type: z.literal('need'), category: z.enum(NEED_CATEGORIES), description: text(2000) }),
]);
export type VisitRaise = z.infer<typeof visitRaiseSchema>;

export const createVisitInputSchema = z.strictObject({
  householdId: idSchema,
  /** Defaults to today; never in the future. */
  visitedOn: isoDateSchema.optional(),
  kind: z.enum(VISIT_KINDS),
  /** Residents of the household met on the visit. */
  peopleMet: z.array(idSchema).max(30).default([]),
  notes: z.string().trim().max(2000).nullable().optional(),
  /** Uploaded photos (POST /api/v1/files) to attach. */
  photoIds: z.array(idSchema).max(10).default([]),
  raise: visitRaiseSchema.nullable().optional(),
});
export type CreateVisitInput = z.input<typeof createVisitInputSchema>;

const photoSchema = z.object({ id: z.string(), name: z.string(), contentType: z.string(), size: z.number().int() });

export const visitSchema = z.object({
  id: z.string(),
  householdId: z.string(),
  address: z.string(),
  gridId: z.string(),
  gridName: z.string(),
  visitedOn: z.string(),
  kind: z.enum(VISIT_KINDS),
  notes: z.string().nullable(),
  visitorName: z.string(),
  peopleMet: z.array(z.object({ id: z.string(), name: z.string() })),
  photos: z.array(photoSchema),
  raised: z.object({ type: z.enum(VISIT_RAISE_TYPES), id: z.string() }).nullable(),
  createdAt: z.string(),
});
export type Visit = z.infer<typeof visitSchema>;

export const visitListQuerySchema = pageQuerySchema.extend({
  orgId: idSchema.optional(),
  householdId: idSchema.optional(),
  kind: z.enum(VISIT_KINDS).optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
});

/** A household as the visit pages list it: who lives there, when last visited, whether due. */
export const visitHouseholdSchema = z.object({
  id: z.string(),
  address: z.string(),
  gridId: z.string(),
  gridName: z.string(),
  members: z.array(z.object({ id: z.string(), name: z.string(), relation: z.string().nullable() })),
  special: z.boolean(),
  lastVisitedOn: z.string().nullable(),
  periodKey: z.string(),
  due: z.boolean(),
});
export type VisitHousehold = z.infer<typeof visitHouseholdSchema>;
export const visitHouseholdQuerySchema = pageQuerySchema.extend({ orgId: idSchema.optional(), q: z.string().trim().max(50).optional() });
export const visitDueQuerySchema = pageQuerySchema.extend({ orgId: idSchema.optional() });

export const periodKeySchema = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$/);
export const visitPeriodSchema = z.object({ key: z.string(), from: z.string(), to: z.string() });
export const coverageFiguresSchema = z.object({ households: z.number().int(), visited: z.number().int(), rate: z.number() });
export const gridCoverageSchema = coverageFiguresSchema.extend({ gridId: z.string(), period: visitPeriodSchema });
export const orgCoverageSchema = coverageFiguresSchema.extend({
  org: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
  period: visitPeriodSchema,
  children: z.array(coverageFiguresSchema.extend({ id: z.string(), name: z.string(), kind: z.string() })),
});
export type OrgCoverage = z.infer<typeof orgCoverageSchema>;

const periodMonths = z.union(VISIT_PERIOD_MONTHS.map((m) => z.literal(m)) as [z.ZodLiteral<1>, z.ZodLiteral<3>, z.ZodLiteral<6>, z.ZodLiteral<12>]);
export const visitPeriodPolicySchema = z.strictObject({
  everyMonths: periodMonths,
  special: z.strictObject({
    everyMonths: periodMonths,
    tags: z.array(z.string().min(1).max(32)).max(30),
    minAge: z.number().int().min(50).max(120).nullable(),
  }),
});

export const needSchema = z.object({
  id: z.string(),
  householdId: z.string(),
  address: z.string(),
  gridName: z.string(),
  visitId: z.string().nullable(),
  category: z.enum(NEED_CATEGORIES),
  description: z.string(),
  status: z.enum(NEED_STATUSES),
  createdAt: z.string(),
});
export type Need = z.infer<typeof needSchema>;
export const needListQuerySchema = pageQuerySchema.extend({ orgId: idSchema.optional(), status: z.enum(NEED_STATUSES).optional() });
export const updateNeedInputSchema = z.strictObject({ status: z.enum(NEED_STATUSES) });
