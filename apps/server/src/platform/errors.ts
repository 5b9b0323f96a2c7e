import { ERROR_STATUS, type ErrorCode } from '@lingyan/shared';

/**
 * A coded error: the code decides the HTTP status (ERROR_STATUS) and the translated message
 * (`error.<CODE>` in the catalog, filled with `params`). `details` go to the client as they are.
 */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly details?: unknown,
  ) {
    super(code);
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (code: ErrorCode = 'NOT_FOUND') => new AppError(code);
export const forbidden = () => new AppError('FORBIDDEN');
