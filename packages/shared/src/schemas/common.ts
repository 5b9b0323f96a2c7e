import { z } from 'zod';

export const idSchema = z.string().min(1).max(64);
export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    /** True when a search matched more rows than it counts: `total` is then a lower bound. */
    totalCapped: z.boolean().optional(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}
export type List<T> = { items: T[]; total: number; totalCapped?: boolean; page: number; pageSize: number };

/** What the caller may do with a record, computed by the server's policy; the UI shows buttons from it. */
export const abilitiesSchema = z.array(z.string());

export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
export const isoDateTimeSchema = z.string();
export const okSchema = z.object({ ok: z.literal(true) });
