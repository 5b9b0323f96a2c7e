import { z } from 'zod';
import { abilitiesSchema, idSchema } from './common.ts';
import { ENTRY_STATES, phaseSpanSchema, REVIEW_STATES, starCodeSchema, starDefinitionSchema, starLevelSchema, starPhaseSchema } from './stars.ts';

/** The annual cycle's API (modules/star-cycles): inputs and views. The cycle summary and inputs for create / move are in stars.ts. */

const score = z.number().min(0).max(100);
const note = z.string().trim().max(2000);

/** A link to a platform record (or an outside page) offered as evidence. */
export const evidenceLinkSchema = z.strictObject({
  label: z.string().trim().min(1).max(100),
  url: z
    .string()
    .trim()
    .max(500)
    .regex(/^(\/[^/]|https?:\/\/)/, 'a platform path (/…) or an http(s) address'),
});
export type EvidenceLink = z.infer<typeof evidenceLinkSchema>;

export const selfAssessmentInputSchema = z.strictObject({
  stars: z
    .array(
      z.strictObject({
        starCode: starCodeSchema,
        selfScores: z.record(z.string().max(40), score).default({}),
        note: note.default(''),
        evidenceLinks: z.array(evidenceLinkSchema).max(20).default([]),
        attachmentIds: z.array(idSchema).max(20).default([]),
      }),
    )
    .min(1)
    .max(20),
});
export type SelfAssessmentInput = z.infer<typeof selfAssessmentInputSchema>;

/** Township scores: manual indicators typed; computed ones are filled from the platform's figures (values sent for them are ignored). */
export const townshipScoresInputSchema = z.strictObject({
  stars: z
    .array(z.strictObject({ starCode: starCodeSchema, scores: z.record(z.string().max(40), score).default({}), note: note.default('') }))
    .min(1)
    .max(20),
});
export type TownshipScoresInput = z.infer<typeof townshipScoresInputSchema>;

export const starReturnInputSchema = z.strictObject({ reason: z.string().trim().min(1).max(1000) });
export const starDisplayInputSchema = z.strictObject({ communityId: idSchema.optional() });

export const starObjectionInputSchema = z
  .strictObject({
    surveyToken: z.string().trim().min(8).max(64).optional(),
    entryId: idSchema.optional(),
    starCode: starCodeSchema.optional(),
    body: z.string().trim().min(5).max(2000),
    contact: z.string().trim().max(100).optional(),
  })
  .refine((v) => !!v.surveyToken !== !!v.entryId, { message: 'give the survey token or the entry id', path: ['entryId'] });
export const starObjectionAnswerSchema = z.strictObject({ outcome: z.enum(['dismissed', 'upheld']), answer: z.string().trim().min(1).max(2000) });

export const starStepSchema = z.object({
  id: z.string(),
  action: z.string(),
  starCode: z.string().nullable(),
  starName: z.string().nullable(),
  actorName: z.string().nullable(),
  at: z.string(),
  note: z.string().nullable(),
});

export const starObjectionSchema = z.object({
  id: z.string(),
  entryId: z.string(),
  communityId: z.string(),
  communityName: z.string(),
  starCode: z.string().nullable(),
  starName: z.string().nullable(),
  body: z.string(),
  contact: z.string().nullable(),
  submittedAt: z.string(),
  outcome: z.enum(['dismissed', 'upheld']).nullable(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  abilities: abilitiesSchema,
});
export type StarObjection = z.infer<typeof starObjectionSchema>;

export const entryProgressSchema = z.object({
  entryId: z.string(),
  communityId: z.string(),
  communityName: z.string(),
  townshipName: z.string(),
  state: z.enum(ENTRY_STATES),
  starsScored: z.number().int(),
  starsAccepted: z.number().int(),
  starsReturned: z.number().int(),
  awarded: z.array(z.string()).nullable(),
  awardedCount: z.number().int().nullable(),
  level: starLevelSchema.nullable(),
  openObjections: z.number().int(),
  abilities: abilitiesSchema,
});
export type EntryProgress = z.infer<typeof entryProgressSchema>;

export const starCycleDetailSchema = z.object({
  id: z.string(),
  year: z.number().int(),
  title: z.string(),
  phases: z.array(phaseSpanSchema),
  currentPhase: z.union([starPhaseSchema, z.literal('before')]),
  noticeWorkingDays: z.number().int(),
  entries: z.number().int(),
  byState: z.record(z.string(), z.number().int()),
  stars: z.array(z.object({ code: z.string(), name: z.string() })),
  progress: z.array(entryProgressSchema),
  /** Entries approved or displayed, by number of stars awarded and by level. */
  awardedDistribution: z.array(z.object({ count: z.number().int(), entries: z.number().int() })),
  levelDistribution: z.array(z.object({ level: starLevelSchema, entries: z.number().int() })),
  abilities: abilitiesSchema,
});
export type StarCycleDetail = z.infer<typeof starCycleDetailSchema>;

export const entryIndicatorSchema = z.object({
  code: z.string(),
  name: z.string(),
  scoring: z.string(),
  weight: z.number(),
  source: z.string(),
  selfScore: z.number().nullable(),
  townshipScore: z.number().nullable(),
  /** For a computed source: the platform's figure for the community over the cycle's year (0–100), null when there is nothing to measure. */
  figure: z.number().nullable(),
  /** Whether the township types this one (manual, or computed with no figure). */
  typed: z.boolean(),
});

export const entryStarSchema = z.object({
  id: z.string(),
  definition: starDefinitionSchema.omit({ indicators: true }),
  indicators: z.array(entryIndicatorSchema),
  selfNote: z.string().nullable(),
  townshipNote: z.string().nullable(),
  score: z.number().nullable(),
  passes: z.boolean(),
  reviewState: z.enum(REVIEW_STATES),
  reviewReason: z.string().nullable(),
  evidenceLinks: z.array(evidenceLinkSchema),
  attachments: z.array(z.object({ id: z.string(), name: z.string(), contentType: z.string(), size: z.number() })),
  abilities: abilitiesSchema,
});
export type EntryStar = z.infer<typeof entryStarSchema>;

export const starEntryDetailSchema = z.object({
  id: z.string(),
  cycleId: z.string(),
  year: z.number().int(),
  currentPhase: z.union([starPhaseSchema, z.literal('before')]),
  communityId: z.string(),
  communityName: z.string(),
  state: z.enum(ENTRY_STATES),
  surveyToken: z.string(),
  awarded: z.array(z.string()).nullable(),
  level: starLevelSchema.nullable(),
  stars: z.array(entryStarSchema),
  steps: z.array(starStepSchema),
  objections: z.array(starObjectionSchema).nullable(),
  abilities: abilitiesSchema,
});
export type StarEntryDetail = z.infer<typeof starEntryDetailSchema>;

export const reviewQueueItemSchema = z.object({
  entryId: z.string(),
  communityId: z.string(),
  communityName: z.string(),
  starCode: z.string(),
  starName: z.string(),
  departmentCode: z.string(),
  score: z.number().nullable(),
  passMark: z.number(),
  abilities: abilitiesSchema,
});
export type ReviewQueueItem = z.infer<typeof reviewQueueItemSchema>;

export const starNoticeSchema = z.object({
  cycle: z.object({ id: z.string(), year: z.number().int(), title: z.string(), startsOn: z.string(), endsOn: z.string() }).nullable(),
  entries: z.array(
    z.object({
      entryId: z.string(),
      communityName: z.string(),
      townshipName: z.string(),
      stars: z.array(z.object({ code: z.string(), name: z.string() })),
      count: z.number().int(),
      level: starLevelSchema,
    }),
  ),
});
export type StarNotice = z.infer<typeof starNoticeSchema>;
