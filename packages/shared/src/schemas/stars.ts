import { z } from 'zod';
import { abilitiesSchema, idSchema, isoDateSchema } from './common.ts';
import { STAR_CODE_PATTERN, STAR_LEVELS } from '../stars/star-rules.ts';
import { STAR_PHASES } from '../stars/star-phases.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

export const starCodeSchema = z.string().regex(STAR_CODE_PATTERN, 'lower-case words joined by hyphens').max(40);
export const starLevelSchema = z.enum(STAR_LEVELS);
export const starPhaseSchema = z.enum(STAR_PHASES);

/**
 * Where an indicator's score comes from: typed by a person, or a figure the platform already
 * has for the community over the cycle's year (DOMAIN.md: never typed again).
 */
export const STAR_INDICATOR_SOURCES = [
  'manual',
  'service-on-time-rate',
  'service-satisfaction-rate',
  'visit-coverage',
  'event-closed-on-time-rate',
  'rental-registration-rate',
  'resident-survey',
] as const;
export type StarIndicatorSource = (typeof STAR_INDICATOR_SOURCES)[number];

export const starIndicatorSchema = z.strictObject({
  code: starCodeSchema,
  name: text(60),
  /** How it is scored, in words, for the person scoring (0–100). */
  scoring: text(400),
  weight: z.number().int().min(1).max(100),
  source: z.enum(STAR_INDICATOR_SOURCES),
});
export type StarIndicator = z.infer<typeof starIndicatorSchema>;

export const starDefinitionSchema = z.strictObject({
  code: starCodeSchema,
  name: text(20),
  description: z.string().trim().max(400),
  passMark: z.number().min(0).max(100),
  /** Code of the city department that reviews it (table `departments`). */
  departmentCode: starCodeSchema,
  /** The resident survey's question about this star. */
  surveyQuestion: text(200),
  indicators: z.array(starIndicatorSchema).min(1).max(20),
});
export type StarDefinition = z.infer<typeof starDefinitionSchema>;

/** A year's catalog: the stars in display order. */
export const starCatalogContentSchema = z.strictObject({ stars: z.array(starDefinitionSchema).min(1).max(20) });
export type StarCatalogContent = z.infer<typeof starCatalogContentSchema>;

export const starCatalogSchema = z.object({
  year: z.number().int(),
  locked: z.boolean(),
  content: starCatalogContentSchema,
  updatedAt: z.string(),
});
export type StarCatalog = z.infer<typeof starCatalogSchema>;

export const starCatalogCreateSchema = z.strictObject({
  year: z.number().int().min(2000).max(2099),
  /** Copy this year's catalog; absent: the latest catalog there is, or the default ten stars. */
  copyFrom: z.number().int().min(2000).max(2099).optional(),
});
export const starCatalogUpdateSchema = z.strictObject({ content: starCatalogContentSchema });

export const departmentSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  members: z.array(z.object({ userId: z.string(), displayName: z.string(), username: z.string() })),
});
export type Department = z.infer<typeof departmentSchema>;
export const departmentCreateSchema = z.strictObject({ code: starCodeSchema, name: text(40) });
export const departmentMembersSchema = z.strictObject({ userIds: z.array(idSchema).max(100) });

export const starPreviewInputSchema = z.strictObject({ stars: z.array(z.string().max(40)).max(40) });
export const starStandingSchema = z.object({
  count: z.number().int(),
  level: starLevelSchema,
  recommendations: z.array(z.string()),
  barredFrom: z.array(z.string()),
});
export type StarStandingView = z.infer<typeof starStandingSchema>;

export const heldStarSchema = z.object({ code: z.string(), name: z.string(), since: z.string() });
export const STAR_CHANGES = ['awarded', 'lost', 'removed', 'added'] as const;
export const starHistoryItemSchema = z.object({
  id: z.string(),
  starCode: z.string(),
  starName: z.string(),
  change: z.enum(STAR_CHANGES),
  at: z.string(),
  actorName: z.string().nullable(),
  reason: z.string(),
  /** What the change came from: an annual cycle, a quarterly check or removal, an application. */
  sourceType: z.enum(['cycle', 'removal', 'application', 'seed']),
  sourceId: z.string().nullable(),
});
export type StarHistoryItem = z.infer<typeof starHistoryItemSchema>;

export const communityStarsSchema = starStandingSchema.extend({
  communityId: z.string(),
  communityName: z.string(),
  townshipName: z.string(),
  stars: z.array(heldStarSchema),
  history: z.array(starHistoryItemSchema),
  notifications: z.array(z.object({ id: z.string(), kind: z.string(), starCode: z.string().nullable(), message: z.string(), createdAt: z.string() })),
  abilities: abilitiesSchema,
});
export type CommunityStars = z.infer<typeof communityStarsSchema>;

export const starBoardRowSchema = z.object({
  communityId: z.string(),
  communityName: z.string(),
  townshipName: z.string(),
  stars: z.array(heldStarSchema),
  count: z.number().int(),
  level: starLevelSchema,
  lastChange: z.object({ at: z.string(), starCode: z.string(), starName: z.string(), change: z.enum(STAR_CHANGES) }).nullable(),
});
export const starBoardSchema = z.object({
  generatedAt: z.string(),
  /** The catalog's stars in display order, so the board can draw every column. */
  catalog: z.array(z.object({ code: z.string(), name: z.string() })),
  communities: z.array(starBoardRowSchema),
});
export type StarBoard = z.infer<typeof starBoardSchema>;

/** The rule set as edited by the city (setting `stars.rules`). */
export const starRulesSchema = z.strictObject({
  levels: z
    .array(z.strictObject({ level: starLevelSchema, minStars: z.number().int().min(0).max(40) }))
    .min(1)
    .max(STAR_LEVELS.length),
  recommendations: z.array(z.strictObject({ code: starCodeSchema, minStars: z.number().int().min(0).max(40) })).max(20),
  vetoes: z
    .array(
      z.strictObject({
        code: starCodeSchema,
        requires: z.array(starCodeSchema).max(20),
        mode: z.enum(['any-missing', 'all-missing']),
        bars: z.array(starCodeSchema).max(20),
      }),
    )
    .max(20),
});
export const starPayCoefficientsSchema = z.strictObject({
  good: z.number().min(0).max(5),
  'fairly-good': z.number().min(0).max(5),
  average: z.number().min(0).max(5),
  poor: z.number().min(0).max(5),
});

export const phaseSpanSchema = z.object({ phase: starPhaseSchema, startsOn: isoDateSchema, endsOn: isoDateSchema.nullable() });

export const starCycleCreateSchema = z.strictObject({
  year: z.number().int().min(2000).max(2099),
  title: text(60).optional(),
  /** First day of the self-assessment; the phases follow with their default lengths, editable after. */
  startsOn: isoDateSchema,
  noticeWorkingDays: z.number().int().min(1).max(30).default(5),
  /** Communities and villages taking part; absent: all of them in the city. */
  communityIds: z.array(idSchema).min(1).max(10_000).optional(),
});
export const starPhaseMoveSchema = z.strictObject({
  startsOn: isoDateSchema,
  endsOn: isoDateSchema.optional(),
  /** For the public notice only: its length in working days. */
  noticeWorkingDays: z.number().int().min(1).max(30).optional(),
});

export const ENTRY_STATES = ['drafting', 'submitted', 'scored', 'reviewed', 'approved', 'displayed'] as const;
export type StarEntryState = (typeof ENTRY_STATES)[number];
export const REVIEW_STATES = ['pending', 'accepted', 'returned'] as const;

export const starCycleSummarySchema = z.object({
  id: z.string(),
  year: z.number().int(),
  title: z.string(),
  phases: z.array(phaseSpanSchema),
  currentPhase: z.union([starPhaseSchema, z.literal('before')]),
  noticeWorkingDays: z.number().int(),
  entries: z.number().int(),
  /** Entries in scope by state. */
  byState: z.record(z.string(), z.number().int()),
  abilities: abilitiesSchema,
});
export type StarCycleSummary = z.infer<typeof starCycleSummarySchema>;

/** A year's catalog as the API returns it, with what the caller may do (`edit` while unlocked). */
export const starCatalogViewSchema = starCatalogSchema.extend({ abilities: abilitiesSchema });
export type StarCatalogView = z.infer<typeof starCatalogViewSchema>;
export const starCatalogListSchema = z.object({
  items: z.array(z.object({ year: z.number().int(), locked: z.boolean(), updatedAt: z.string() })),
  abilities: abilitiesSchema,
});
export type StarCatalogList = z.infer<typeof starCatalogListSchema>;

export const departmentViewSchema = departmentSchema.extend({ abilities: abilitiesSchema });
export type DepartmentView = z.infer<typeof departmentViewSchema>;
export const departmentListSchema = z.object({
  items: z.array(departmentViewSchema),
  /** Users who may be made members: they hold a department-officer assignment. */
  candidates: z.array(z.object({ userId: z.string(), displayName: z.string(), username: z.string() })),
  abilities: abilitiesSchema,
});
export type DepartmentList = z.infer<typeof departmentListSchema>;

/** The rules and pay coefficients the city edits (settings `stars.rules`, `stars.payCoefficients`). */
export const starRulesViewSchema = z.object({
  rules: starRulesSchema,
  payCoefficients: starPayCoefficientsSchema,
  abilities: abilitiesSchema,
});
export type StarRulesView = z.infer<typeof starRulesViewSchema>;
export const starRulesUpdateSchema = z.strictObject({ rules: starRulesSchema.optional(), payCoefficients: starPayCoefficientsSchema.optional() });
export type StarRulesUpdate = z.infer<typeof starRulesUpdateSchema>;

/** One community's standing in a list (the staff's list of communities in scope, the honours lists). */
export const starCommunityRowSchema = starStandingSchema.extend({
  communityId: z.string(),
  communityName: z.string(),
  townshipName: z.string(),
  stars: z.array(heldStarSchema),
});
export type StarCommunityRow = z.infer<typeof starCommunityRowSchema>;
export const starCommunityListSchema = z.object({ items: z.array(starCommunityRowSchema) });

/** Per evaluation (honour) of a cycle: the communities recommended for it and those barred from it. */
export const starHonoursSchema = z.object({
  cycleId: z.string(),
  year: z.number().int(),
  evaluations: z.array(
    z.object({
      code: z.string(),
      recommended: z.array(z.object({ communityId: z.string(), communityName: z.string(), townshipName: z.string(), count: z.number().int() })),
      barred: z.array(z.object({ communityId: z.string(), communityName: z.string(), townshipName: z.string(), count: z.number().int() })),
    }),
  ),
});
export type StarHonours = z.infer<typeof starHonoursSchema>;
