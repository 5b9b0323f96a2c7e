import { z } from 'zod';
import { idSchema } from './common.ts';

/** An uploaded file as records list it (photos of a visit, attachments of a request or task). */
export const fileRefSchema = z.object({
  id: z.string(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});
export type FileRef = z.infer<typeof fileRefSchema>;

/** Up to ten uploaded files to attach to a record being written. */
export const attachmentIdsSchema = z.array(idSchema).max(10);
