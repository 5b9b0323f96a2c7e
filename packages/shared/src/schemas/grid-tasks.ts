import { z } from 'zod';
import { abilitiesSchema, idSchema, isoDateSchema, pageQuerySchema } from './common.ts';
import { fileRefSchema, attachmentIdsSchema } from './files.ts';
import { GRID_TARGET_STATES, GRID_TASK_STATES } from '../grid-tasks/grid-task-rules.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

const progressSchema = z.object({ total: z.number().int(), done: z.number().int(), overdue: z.number().int(), percent: z.number().int() });

/** A task sent down to grids (任务下沉), as listed. */
export const gridTaskSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  dueDate: z.string(),
  admittedItemRef: z.string().nullable(),
  senderOrgId: z.string(),
  senderOrgName: z.string(),
  createdByName: z.string(),
  createdAt: z.string(),
  state: z.enum(GRID_TASK_STATES),
  closedAt: z.string().nullable(),
  progress: progressSchema,
  /** For a grid worker: the state of their own grid's part (the first, if they serve several). */
  myState: z.enum(GRID_TARGET_STATES).nullable(),
  abilities: abilitiesSchema,
});
export type GridTask = z.infer<typeof gridTaskSchema>;

export const gridTaskTargetSchema = z.object({
  id: z.string(),
  gridId: z.string(),
  gridName: z.string(),
  gridCode: z.string().nullable(),
  state: z.enum(GRID_TARGET_STATES),
  note: z.string().nullable(),
  reportedByName: z.string().nullable(),
  reportedAt: z.string().nullable(),
  returnedReason: z.string().nullable(),
  photos: z.array(fileRefSchema),
  /** Steps the caller may take on this grid's part: report (its grid worker), return (the sender). */
  abilities: abilitiesSchema,
});
export type GridTaskTarget = z.infer<typeof gridTaskTargetSchema>;

export const gridTaskDetailSchema = gridTaskSchema.extend({
  attachments: z.array(fileRefSchema),
  targets: z.array(gridTaskTargetSchema),
});
export type GridTaskDetail = z.infer<typeof gridTaskDetailSchema>;

export const sendGridTaskInputSchema = z.strictObject({
  /** The township or community sending it (where the caller holds grid-task:send). */
  orgId: idSchema,
  title: text(100),
  description: text(4000),
  dueDate: isoDateSchema,
  /** The admitted item (准入事项) the task rests on; checked by the admission issue later. */
  admittedItemRef: z.string().trim().min(1).max(64).nullable().optional(),
  /** Some grids below the sender; absent or null: all of them. */
  gridIds: z.array(idSchema).min(1).max(2000).nullable().optional(),
  attachmentIds: attachmentIdsSchema.default([]),
});
export type SendGridTaskInput = z.input<typeof sendGridTaskInputSchema>;

export const reportGridTaskInputSchema = z.strictObject({
  /** The grid reporting; needed only by a worker who serves several grids of the task. */
  gridId: idSchema.optional(),
  note: text(2000),
  photoIds: attachmentIdsSchema.default([]),
});
export const returnGridTaskInputSchema = z.strictObject({ gridId: idSchema, reason: text(500) });
export const closeGridTaskInputSchema = z.strictObject({});

export const gridTaskListQuerySchema = pageQuerySchema.extend({
  state: z.enum(GRID_TASK_STATES).optional(),
  /** Grid workers: only the tasks their grid has not reported yet. */
  pending: z.enum(['true', 'false']).optional(),
});

/** An emergency notice (紧急通知) to every grid worker of a community or township. */
export const noticeSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  senderOrgId: z.string(),
  senderOrgName: z.string(),
  createdByName: z.string(),
  createdAt: z.string(),
  recipients: z.number().int(),
  acknowledged: z.number().int(),
  /** For a recipient: when they acknowledged it (null: not yet); null for others. */
  myAcknowledgedAt: z.string().nullable(),
  isRecipient: z.boolean(),
  abilities: abilitiesSchema,
});
export type Notice = z.infer<typeof noticeSchema>;

export const noticeRecipientSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  gridId: z.string(),
  gridName: z.string(),
  acknowledgedAt: z.string().nullable(),
});
export type NoticeRecipient = z.infer<typeof noticeRecipientSchema>;

export const noticeDetailSchema = noticeSchema.extend({
  attachments: z.array(fileRefSchema),
  /** The sender's view: every grid worker and whether they acknowledged; a recipient sees only their own row. */
  recipientList: z.array(noticeRecipientSchema),
});
export type NoticeDetail = z.infer<typeof noticeDetailSchema>;

export const sendNoticeInputSchema = z.strictObject({
  orgId: idSchema,
  title: text(100),
  body: text(4000),
  attachmentIds: attachmentIdsSchema.default([]),
});
export type SendNoticeInput = z.input<typeof sendNoticeInputSchema>;

export const noticeListQuerySchema = pageQuerySchema.extend({
  /** Recipients: only what they have not acknowledged yet. */
  pending: z.enum(['true', 'false']).optional(),
});
