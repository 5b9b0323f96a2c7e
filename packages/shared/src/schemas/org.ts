import { z } from 'zod';
import { ORG_KINDS } from '../org.ts';
import { abilitiesSchema, idSchema, pageQuerySchema } from './common.ts';

export const orgKindSchema = z.enum(ORG_KINDS);
export const orgNodeSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: orgKindSchema,
  parentId: z.string().nullable(),
  path: z.string(),
  childCount: z.number().int(),
  abilities: abilitiesSchema,
});
export type OrgNode = z.infer<typeof orgNodeSchema>;

export const orgListQuerySchema = pageQuerySchema.extend({ parentId: idSchema.optional() });
export const orgSummarySchema = z.object({
  orgId: z.string(),
  townships: z.number().int(),
  communities: z.number().int(),
  villages: z.number().int(),
  grids: z.number().int(),
  users: z.number().int(),
});
export type OrgSummary = z.infer<typeof orgSummarySchema>;
