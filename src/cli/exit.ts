import { MassiveError, type ErrorCode } from '../lib/errors.js';
import { redact } from '../lib/redact.js';

export const EXIT_OK = 0;
export const EXIT_RUNTIME = 1;
export const EXIT_USAGE = 2;

const USAGE_CODES: ReadonlySet<ErrorCode> = new Set(['USAGE', 'CONFIG', 'NO_API_KEY']);

/** The one place that turns errors into a message and an exit code. No stack traces for users. */
export function reportError(error: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  const err = error instanceof MassiveError ? error : undefined;
  const message = err ? err.message : error instanceof Error ? error.message : String(error);
  stderr.write(`massive: ${redact(message)}\n`);
  if (process.env.MASSIVE_DEBUG === '1' && error instanceof Error && error.stack) {
    stderr.write(`${redact(error.stack)}\n`);
  }
  return err && USAGE_CODES.has(err.code) ? EXIT_USAGE : EXIT_RUNTIME;
}

export function usageError(message: string): MassiveError {
  return new MassiveError('USAGE', message);
}
