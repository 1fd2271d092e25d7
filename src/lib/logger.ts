import { appendFileSync } from 'node:fs';
import { redact } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

export interface LoggerOptions {
  /** Minimum level written. @default 'warn' */
  readonly level?: LogLevel;
  /** Where lines go: a function (tests), 'stderr', or a file path (TUI mode, never the screen). */
  readonly sink?: ((line: string) => void) | 'stderr' | { readonly file: string };
  readonly scope?: string;
  readonly now?: () => number;
}

function sinkFn(sink: LoggerOptions['sink']): (line: string) => void {
  if (typeof sink === 'function') return sink;
  if (sink && typeof sink === 'object') return (line) => appendFileSync(sink.file, `${line}\n`);
  return (line) => process.stderr.write(`${line}\n`);
}

/** Line-oriented logger; every line is redacted so no key or token can leak through a log. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const min = ORDER[options.level ?? 'warn'];
  const write = sinkFn(options.sink);
  const now = options.now ?? Date.now;
  const make = (scope: string | undefined): Logger => {
    const log = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
      if (ORDER[level] < min) return;
      const extra = fields ? ` ${safeJson(fields)}` : '';
      const head = `${new Date(now()).toISOString()} ${level}${scope ? ` [${scope}]` : ''}`;
      write(redact(`${head} ${msg}${extra}`));
    };
    return {
      debug: (m, f) => log('debug', m, f),
      info: (m, f) => log('info', m, f),
      warn: (m, f) => log('warn', m, f),
      error: (m, f) => log('error', m, f),
      child: (s) => make(scope ? `${scope}:${s}` : s),
    };
  };
  return make(options.scope);
}

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message } : v));
  } catch {
    return '[unserialisable]';
  }
}
