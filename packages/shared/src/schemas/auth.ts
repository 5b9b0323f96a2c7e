import { z } from 'zod';
import { ROLES } from '../roles.ts';
import { LOCALES } from '../i18n/types.ts';
import { orgKindSchema } from './org.ts';

export const loginInputSchema = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export const changePasswordInputSchema = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

export const roleCodeSchema = z.enum(ROLES);
export const userSummarySchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  locale: z.enum(LOCALES).nullable(),
  mustChangePassword: z.boolean(),
});
export type UserSummary = z.infer<typeof userSummarySchema>;

export const myAssignmentSchema = z.object({
  id: z.string(),
  role: roleCodeSchema,
  orgId: z.string(),
  orgName: z.string(),
  orgKind: orgKindSchema,
  orgPath: z.string(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
});
export const meSchema = z.object({
  user: userSummarySchema,
  assignments: z.array(myAssignmentSchema),
  /** The top nodes of the caller's scope (no node is listed under another). */
  scope: z.array(z.object({ id: z.string(), name: z.string(), kind: orgKindSchema, path: z.string() })),
  permissions: z.array(z.string()),
  csrfToken: z.string().nullable(),
});
export type Me = z.infer<typeof meSchema>;
export const loginResultSchema = z.object({ user: userSummarySchema, csrfToken: z.string() });
