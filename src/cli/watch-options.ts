import { createLogger, silentLogger, type Logger } from '../lib/logger.js';
import { parseAlertRules, type AlertRule } from '../market/alerts.js';
import type { Settings } from '../config/index.js';
import { usageError } from './exit.js';

/** Flags of `massive watch`, as commander hands them over (strings until validated here). */
export interface WatchOptions {
  readonly demo?: boolean;
  readonly json?: boolean;
  readonly frameMs?: string;
  readonly seed?: string;
  readonly verbose?: boolean;
  readonly logFile?: string;
  readonly trace?: string;
  readonly alert?: readonly string[];
  readonly flow?: string;
}

/** Alert rules from the config file/environment plus every `--alert`; a bad rule is a usage error. */
export function alertRules(settings: Pick<Settings, 'alerts'>, flags: readonly string[] = []): readonly AlertRule[] {
  const { rules, errors } = parseAlertRules([...settings.alerts, ...flags]);
  if (errors.length > 0) throw usageError(`invalid alert: ${errors.join('; ')}`);
  return rules;
}

/** Logs never go onto the TUI's screen: stderr in --json mode, a file otherwise. */
export function watchLogger(options: WatchOptions, json: boolean): Logger {
  if (!options.verbose) return json ? createLogger({ level: 'warn', sink: 'stderr' }) : silentLogger;
  return json
    ? createLogger({ level: 'debug', sink: 'stderr' })
    : createLogger({ level: 'debug', sink: { file: options.logFile ?? 'massive.log' } });
}
