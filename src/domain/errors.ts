/** The closed set of expected failures. Anything else is a bug and is logged at the boundary. */
export const ERROR_STATUS = {
  not_found: 404,
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  upstream: 502,
  /** The server is shedding load: try again after Retry-After. */
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  /** For rate_limited and unavailable: when to try again, sent as Retry-After. */
  readonly retryAfterSeconds: number | undefined;
  constructor(code: ErrorCode, message: string, retryAfterSeconds?: number) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
