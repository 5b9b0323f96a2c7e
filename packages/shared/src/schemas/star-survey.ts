import { z } from 'zod';
import { abilitiesSchema, idSchema } from './common.ts';
import { SURVEY_ANSWERS } from '../stars/survey-rules.ts';
import { STAR_PHASES } from '../stars/star-phases.ts';

/** How a response reached the survey: a code sent by SMS, a household code handed out, or paper entered by staff. */
export const SURVEY_CHANNELS = ['sms', 'household-code', 'paper'] as const;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];

export const surveyAnswerSchema = z.enum(SURVEY_ANSWERS);
/** Star code → answer; the server checks that every star of the cycle is answered and no other. */
export const surveyAnswersSchema = z.record(z.string().max(40), surveyAnswerSchema);

/** Household codes: 8 characters of an alphabet without look-alikes (0/O, 1/I/L), written on a slip. */
export const HOUSEHOLD_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const HOUSEHOLD_CODE_LENGTH = 8;
/** What a resident types, as the code is stored: upper case, no spaces or dashes. */
export const normalizeHouseholdCode = (raw: string): string => raw.replace(/[\s-]/g, '').toUpperCase();

export const publicSurveyQuestionSchema = z.object({ code: z.string(), starName: z.string(), question: z.string() });

/** The public questionnaire of one community's survey. */
export const publicSurveySchema = z.object({
  communityName: z.string(),
  townshipName: z.string(),
  year: z.number().int(),
  title: z.string(),
  open: z.boolean(),
  opensOn: z.string().nullable(),
  closesOn: z.string().nullable(),
  questions: z.array(publicSurveyQuestionSchema),
  answers: z.array(surveyAnswerSchema),
});
export type PublicSurvey = z.infer<typeof publicSurveySchema>;

export const surveyCodeRequestSchema = z.strictObject({ phone: z.string().trim().min(1).max(20) });

export const surveyVerificationSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('sms'),
    phone: z.string().trim().min(1).max(20),
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/),
  }),
  z.strictObject({ kind: z.literal('household-code'), code: z.string().trim().min(1).max(20) }),
]);
export type SurveyVerification = z.infer<typeof surveyVerificationSchema>;

export const surveyResponseInputSchema = z.strictObject({ verification: surveyVerificationSchema, answers: surveyAnswersSchema });
export type SurveyResponseInput = z.infer<typeof surveyResponseInputSchema>;

export const householdCodeInputSchema = z.strictObject({ householdId: idSchema });
/** A fresh household code, shown once (only its digest is kept). */
export const householdCodeSchema = z.object({ code: z.string(), issuedAt: z.string() });

export const paperResponseInputSchema = z.strictObject({ householdId: idSchema, answers: surveyAnswersSchema });

/** A household to hand a code to or enter paper for: where it lives, never whether it answered. */
export const surveyHouseholdSchema = z.object({ id: z.string(), address: z.string(), gridName: z.string(), headName: z.string().nullable() });
export type SurveyHousehold = z.infer<typeof surveyHouseholdSchema>;
export const surveyHouseholdQuerySchema = z.object({ q: z.string().trim().max(40).optional() });

export const surveyStarResultSchema = z.object({
  code: z.string(),
  name: z.string(),
  question: z.string(),
  satisfied: z.number().int(),
  basicallySatisfied: z.number().int(),
  dissatisfied: z.number().int(),
  responses: z.number().int(),
  /** Mean points (100 / 60 / 0), null with no answers. */
  score: z.number().nullable(),
});
export type SurveyStarResultView = z.infer<typeof surveyStarResultSchema>;

/** One community's survey for staff: the link, the counts and the per-star results — never who answered. */
export const starSurveySchema = z.object({
  cycleId: z.string(),
  year: z.number().int(),
  communityId: z.string(),
  communityName: z.string(),
  /** The public page's path (`/public/survey/<token>`). */
  link: z.string(),
  phase: z.enum([...STAR_PHASES, 'before']),
  open: z.boolean(),
  opensOn: z.string().nullable(),
  closesOn: z.string().nullable(),
  households: z.number().int(),
  responses: z.number().int(),
  /** Responses over households, a whole percentage. */
  participationRate: z.number(),
  byChannel: z.object({ sms: z.number().int(), 'household-code': z.number().int(), paper: z.number().int() }),
  stars: z.array(surveyStarResultSchema),
  abilities: abilitiesSchema,
});
export type StarSurvey = z.infer<typeof starSurveySchema>;

/** One community's survey in the staff picker. */
export const starSurveyEntrySchema = z.object({
  cycleId: z.string(),
  year: z.number().int(),
  communityId: z.string(),
  communityName: z.string(),
  townshipName: z.string(),
  /** The public page's path, to hand out and to fetch the questions for a paper response. */
  link: z.string(),
  open: z.boolean(),
  opensOn: z.string().nullable(),
  closesOn: z.string().nullable(),
  abilities: abilitiesSchema,
});
export type StarSurveyEntry = z.infer<typeof starSurveyEntrySchema>;
export const starSurveyEntryListSchema = z.object({ years: z.array(z.number().int()), items: z.array(starSurveyEntrySchema) });
export const starSurveyEntryQuerySchema = z.object({ year: z.coerce.number().int().min(2000).max(2099).optional() });
