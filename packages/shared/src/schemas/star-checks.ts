import { z } from 'zod';
import { abilitiesSchema, idSchema, pageQuerySchema } from './common.ts';
import { attachmentIdsSchema, fileRefSchema } from './files.ts';
import { heldStarSchema, starCodeSchema } from './stars.ts';
import { QUARTER_PATTERN, STAR_APPLICATION_ACTIONS, STAR_APPLICATION_STATES, STAR_CHECK_RESULTS } from '../stars/star-check-rules.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).default('');

export const quarterSchema = z.string().regex(QUARTER_PATTERN, 'YYYY-Qn');

/** One held star's outcome in a quarterly check; `removalId` once it was removed on the strength of this check. */
export const starCheckResultSchema = z.object({
  starCode: z.string(),
  starName: z.string(),
  result: z.enum(STAR_CHECK_RESULTS),
  note: z.string(),
  removalId: z.string().nullable(),
});
export type StarCheckResultView = z.infer<typeof starCheckResultSchema>;

/** A quarterly check (一季一核查) of one community. */
export const starCheckSchema = z.object({
  id: z.string(),
  communityId: z.string(),
  quarter: z.string(),
  results: z.array(starCheckResultSchema),
  note: z.string().nullable(),
  checkedByName: z.string(),
  checkedAt: z.string(),
  attachments: z.array(fileRefSchema),
});
export type StarCheck = z.infer<typeof starCheckSchema>;

/** A community or village in scope, with the quarter's check (or none yet) and the stars it holds now. */
export const starCheckRowSchema = z.object({
  communityId: z.string(),
  communityName: z.string(),
  kind: z.string(),
  townshipName: z.string().nullable(),
  stars: z.array(heldStarSchema),
  check: starCheckSchema.nullable(),
  /** check: record this quarter's check; remove: remove a held star; apply: apply for a star it lacks. */
  abilities: abilitiesSchema,
});
export type StarCheckRow = z.infer<typeof starCheckRowSchema>;

export const starCheckBoardSchema = z.object({
  quarter: z.string(),
  currentQuarter: z.string(),
  /** The quarters that may be checked today, newest first. */
  checkableQuarters: z.array(z.string()),
  /** The current catalog's stars, in display order. */
  catalog: z.array(z.object({ code: z.string(), name: z.string() })),
  communities: z.array(starCheckRowSchema),
});
export type StarCheckBoard = z.infer<typeof starCheckBoardSchema>;

export const starCheckBoardQuerySchema = z.object({
  quarter: quarterSchema.optional(),
  /** A township, community or village in scope; absent: the whole scope. */
  orgId: idSchema.optional(),
});

export const starCheckInputSchema = z.strictObject({
  communityId: idSchema,
  quarter: quarterSchema,
  results: z.array(z.strictObject({ starCode: starCodeSchema, result: z.enum(STAR_CHECK_RESULTS), note: optionalText(500) })).max(40),
  note: optionalText(2000),
  attachmentIds: attachmentIdsSchema.default([]),
});
export type StarCheckInput = z.input<typeof starCheckInputSchema>;

export const starRemovalInputSchema = z.strictObject({
  reason: text(1000),
  /** Evidence: at least one file, or `checkId` (a check of this community that found the star failed). */
  attachmentIds: attachmentIdsSchema.default([]),
  checkId: idSchema.optional(),
});
export type StarRemovalInput = z.input<typeof starRemovalInputSchema>;

export const starRemovalSchema = z.object({
  id: z.string(),
  communityId: z.string(),
  starCode: z.string(),
  starName: z.string(),
  reason: z.string(),
  checkId: z.string().nullable(),
  removedAt: z.string(),
  attachments: z.array(fileRefSchema),
  /** The stars the community holds after the removal. */
  stars: z.array(heldStarSchema),
});
export type StarRemoval = z.infer<typeof starRemovalSchema>;

export const starApplicationStepSchema = z.object({
  id: z.string(),
  action: z.enum(STAR_APPLICATION_ACTIONS),
  actorName: z.string().nullable(),
  at: z.string(),
  note: z.string().nullable(),
});
export type StarApplicationStepView = z.infer<typeof starApplicationStepSchema>;

/** An application for a star (增星). */
export const starApplicationSchema = z.object({
  id: z.string(),
  communityId: z.string(),
  communityName: z.string(),
  starCode: z.string(),
  starName: z.string(),
  /** Code of the city department that reviews the star (per the current catalog). */
  departmentCode: z.string().nullable(),
  reason: z.string(),
  state: z.enum(STAR_APPLICATION_STATES),
  appliedByName: z.string(),
  appliedAt: z.string(),
  updatedAt: z.string(),
  /** check (the township), review (the star's department), approve (the city). */
  abilities: abilitiesSchema,
});
export type StarApplication = z.infer<typeof starApplicationSchema>;

export const starApplicationDetailSchema = starApplicationSchema.extend({
  attachments: z.array(fileRefSchema),
  steps: z.array(starApplicationStepSchema),
});
export type StarApplicationDetail = z.infer<typeof starApplicationDetailSchema>;

export const starApplicationInputSchema = z.strictObject({
  communityId: idSchema,
  starCode: starCodeSchema,
  reason: text(2000),
  attachmentIds: attachmentIdsSchema.default([]),
});
export type StarApplicationInput = z.input<typeof starApplicationInputSchema>;

export const starApplicationListQuerySchema = pageQuerySchema.extend({
  state: z.enum(STAR_APPLICATION_STATES).optional(),
  /** Only those waiting for a step the caller may take. */
  actionable: z.enum(['true', 'false']).optional(),
});

const refusalNeedsReason = { path: ['note'], message: 'a refusal needs a reason' };
export const starApplicationCheckSchema = z
  .strictObject({ passed: z.boolean(), note: optionalText(1000) })
  .refine((v) => v.passed || v.note !== '', refusalNeedsReason);
export const starApplicationReviewSchema = z
  .strictObject({ accepted: z.boolean(), note: optionalText(1000) })
  .refine((v) => v.accepted || v.note !== '', refusalNeedsReason);
export const starApplicationApproveSchema = z
  .strictObject({ approved: z.boolean(), note: optionalText(1000) })
  .refine((v) => v.approved || v.note !== '', refusalNeedsReason);
