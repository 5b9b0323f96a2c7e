import { z } from 'zod';
import { abilitiesSchema } from './common.ts';
import { IMPORT_ROW_ERROR_CODES } from '../registry/import-labels.ts';

export const IMPORT_STATUSES = ['checking', 'checked', 'committing', 'committed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** One problem of one row: the spreadsheet row number, the column's header, a stable code, a message in Chinese. */
export const importRowErrorSchema = z.object({
  row: z.number().int(),
  column: z.string().nullable(),
  code: z.enum(IMPORT_ROW_ERROR_CODES),
  message: z.string(),
});
export type ImportRowError = z.infer<typeof importRowErrorSchema>;

export const importSummarySchema = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.enum(IMPORT_STATUSES),
  fileName: z.string(),
  /** Data rows in the file, once known (an estimate while checking a CSV). */
  totalRows: z.number().int().nullable(),
  checkedRows: z.number().int(),
  /** Rows with at least one problem. */
  errorCount: z.number().int(),
  committedRows: z.number().int(),
  /** Why the import failed (a file that cannot be read, an interrupted or failed commit). */
  failure: z.object({ reason: z.string(), message: z.string() }).nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  abilities: abilitiesSchema,
});
export type ImportSummary = z.infer<typeof importSummarySchema>;

export const importSchema = importSummarySchema.extend({
  /** The first problems found (at most 1,000); errorCount counts them all. */
  errors: z.array(importRowErrorSchema),
});
export type Import = z.infer<typeof importSchema>;
