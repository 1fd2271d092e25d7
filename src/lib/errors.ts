/**
 * One error family for the whole product. Callers branch on `code`, never on message text.
 * The CLI maps codes to exit statuses in one place (cli/exit.ts).
 */
export type ErrorCode =
  | 'USAGE'
  | 'CONFIG'
  | 'NO_API_KEY'
  | 'AUTH_FAILED'
  | 'TOKEN_INVALID'
  | 'TOKEN_EXPIRED'
  | 'NOT_ENTITLED'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'UPSTREAM'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'MAX_CONNECTIONS'
  | 'PROTOCOL'
  | 'INTERNAL';

export interface MassiveErrorOptions {
  readonly cause?: unknown;
  /** HTTP status when the error came from a REST response. */
  readonly status?: number;
  /** Seconds the server asked us to wait (Retry-After), when known. */
  readonly retryAfterSec?: number;
  readonly requestId?: string;
}

export class MassiveError extends Error {
  readonly code: ErrorCode;
  readonly status: number | undefined;
  readonly retryAfterSec: number | undefined;
  readonly requestId: string | undefined;

  constructor(code: ErrorCode, message: string, options: MassiveErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MassiveError';
    this.code = code;
    this.status = options.status;
    this.retryAfterSec = options.retryAfterSec;
    this.requestId = options.requestId;
  }
}

export function isMassiveError(value: unknown, code?: ErrorCode): value is MassiveError {
  return value instanceof MassiveError && (code === undefined || value.code === code);
}

/** Turns anything thrown into a MassiveError without losing the original as `cause`. */
export function toMassiveError(value: unknown, fallback: ErrorCode = 'INTERNAL'): MassiveError {
  if (value instanceof MassiveError) return value;
  if (value instanceof Error && value.name === 'AbortError') {
    return new MassiveError('ABORTED', 'operation aborted', { cause: value });
  }
  const message = value instanceof Error ? value.message : String(value);
  return new MassiveError(fallback, message, { cause: value });
}
