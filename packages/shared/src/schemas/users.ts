import { z } from 'zod';
import { abilitiesSchema, idSchema, isoDateSchema, pageQuerySchema } from './common.ts';
import { roleCodeSchema } from './auth.ts';
import { orgKindSchema } from './org.ts';
import { PERMISSIONS } from '../roles.ts';

export const USER_STATUSES = ['active', 'disabled'] as const;
export const usernameSchema = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, . _ -');

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  status: z.enum(USER_STATUSES),
  mustChangePassword: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  abilities: abilitiesSchema,
});
export type User = z.infer<typeof userSchema>;

export const userListQuerySchema = pageQuerySchema.extend({ q: z.string().trim().max(64).optional() });
export const createUserInputSchema = z.strictObject({
  username: usernameSchema,
  displayName: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export const updateUserInputSchema = z.strictObject({
  displayName: z.string().trim().min(1).max(64).optional(),
  status: z.enum(USER_STATUSES).optional(),
});
export const resetPasswordInputSchema = z.strictObject({ newPassword: z.string().min(1).max(256) });

export const assignmentSchema = z.object({
  id: z.string(),
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleCodeSchema,
  orgId: z.string(),
  orgName: z.string(),
  orgKind: orgKindSchema,
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  createdAt: z.string(),
  abilities: abilitiesSchema,
});
export type Assignment = z.infer<typeof assignmentSchema>;
export const assignmentListQuerySchema = pageQuerySchema.extend({ userId: idSchema.optional(), orgId: idSchema.optional() });
export const createAssignmentInputSchema = z.strictObject({
  userId: idSchema,
  role: roleCodeSchema,
  orgId: idSchema,
  validFrom: isoDateSchema.nullable().optional(),
  validTo: isoDateSchema.nullable().optional(),
});

export const roleSchema = z.object({ code: roleCodeSchema, permissions: z.array(z.string()), abilities: abilitiesSchema });
export const updateRoleInputSchema = z.strictObject({ permissions: z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length) });
