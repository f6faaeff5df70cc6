import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { ERROR_MESSAGES, type ErrorCode } from '../../shared/errors'

/**
 * The one error services throw. It carries no transport: the app's error handler turns it into
 * `{"error": {code, message, details}}` with its status.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode | (string & {}),
    readonly status: ContentfulStatusCode,
    message?: string,
    readonly details?: unknown,
  ) {
    super(message ?? (ERROR_MESSAGES as Record<string, string>)[code] ?? ERROR_MESSAGES.INTERNAL)
    this.name = 'AppError'
  }

  static validation(details?: unknown, message?: string) {
    return new AppError('VALIDATION_FAILED', 400, message, details)
  }
  static unauthenticated(message?: string) {
    return new AppError('UNAUTHENTICATED', 401, message)
  }
  static forbidden(message?: string) {
    return new AppError('FORBIDDEN', 403, message)
  }
  static notFound(message?: string) {
    return new AppError('NOT_FOUND', 404, message)
  }
  /** A 409 with a specific code: the request was fine but the thing is not in a state that allows it. */
  static conflict(code: ErrorCode | (string & {}), message?: string, details?: unknown) {
    return new AppError(code, 409, message, details)
  }
}
