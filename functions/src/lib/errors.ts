import { ERRORS, type FieldError } from '@shared/errors';

/** A failure the client should hear about: carries the HTTP status and a Chinese message. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly fields?: FieldError[],
    /** Machine-readable facts for the client (sent as `error.details`). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

type Known = keyof typeof ERRORS;

/** An error with one of the known codes, optionally a more specific message. */
export function appError(code: Known, message?: string, fields?: FieldError[]): AppError {
  const def = ERRORS[code];
  return new AppError(code, def.status, message ?? def.message, fields);
}

export const notFound = (what = '内容') => appError('NOT_FOUND', `未找到该${what}`);
export const forbidden = (message?: string) => appError('FORBIDDEN', message);
/** A business rule was broken (422): the message says which, in Chinese. */
export const ruleBroken = (code: string, message: string, fields?: FieldError[]) =>
  new AppError(code, 422, message, fields);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(code, 409, message, undefined, details);
