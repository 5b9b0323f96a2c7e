import { z } from 'zod';
import { idSchema, RATINGS, REQUEST_STATES } from '@lingyan/shared';

/** The resident pages' shapes (kept here until the web needs them from shared). */
export const publicCommunitySchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(['community', 'village']),
  townshipName: z.string(),
});

export const publicSubmitSchema = z.strictObject({
  orgId: idSchema,
  itemId: idSchema,
  name: z.string().trim().min(1).max(64),
  phone: z.string().trim().min(1).max(20),
  description: z.string().trim().min(1).max(2000),
});

const numberSchema = z
  .string()
  .trim()
  .min(4)
  .max(40)
  .regex(/^[A-Za-z0-9-]+$/);
const last4Schema = z.string().regex(/^\d{4}$/);
const codeSchema = z.string().regex(/^\d{6}$/);

export const publicLookupSchema = z.strictObject({ number: numberSchema, phoneLast4: last4Schema });
export const publicCodeRequestSchema = z.strictObject({ number: numberSchema });
export const publicRateSchema = z
  .strictObject({
    number: numberSchema,
    phoneLast4: last4Schema.optional(),
    code: codeSchema.optional(),
    rating: z.enum(RATINGS),
    comment: z.string().trim().max(1000).optional(),
  })
  .refine((x) => (x.phoneLast4 === undefined) !== (x.code === undefined), { message: 'give either phoneLast4 or code', path: ['code'] });

export const publicRequestViewSchema = z.object({
  number: z.string(),
  itemCode: z.string(),
  itemName: z.string(),
  orgName: z.string(),
  state: z.enum(REQUEST_STATES),
  /** A catalog key (`requestState.<state>`). */
  stateLabel: z.string(),
  receivedDate: z.string(),
  dueDate: z.string(),
  dueProvisional: z.boolean(),
  rating: z.enum(RATINGS).nullable(),
  canRate: z.boolean(),
  /** Public steps only: received, accepted, waiting (with its reason), resumed, completed, informed, rated, closed, refused (with its reason). */
  steps: z.array(z.object({ at: z.string(), action: z.string(), state: z.enum(REQUEST_STATES), stateLabel: z.string(), reason: z.string().nullable() })),
  /** "Handled on your behalf by …" (代办): who acted for the resident, and what they did. */
  onBehalf: z
    .object({
      handledBy: z.array(z.string()),
      steps: z.array(z.object({ at: z.string(), step: z.string(), by: z.string() })),
    })
    .nullable(),
});
export type PublicRequestView = z.infer<typeof publicRequestViewSchema>;
