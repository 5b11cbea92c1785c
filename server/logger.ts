import { redactSecrets } from './services/redact.js';

/** Log levels, quietest last. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Structured fields attached to a log line. */
export type LogFields = Record<string, unknown>;

/** A logger that writes one JSON object per line to stderr, so stdout stays for the CLI's JSON. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/**
 * Creates a logger that drops lines below `level`. Every line is redacted as a whole
 * ({@link redactSecrets}): secrets in request paths, query strings and connection URLs never reach
 * the log, whichever field or message carries them.
 */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (l) => process.stderr.write(l),
): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const log = (at: Exclude<LogLevel, 'silent'>) => (message: string, fields?: LogFields) => {
    if (LOG_LEVELS.indexOf(at) < threshold) return;
    const line = JSON.stringify({ time: new Date().toISOString(), level: at, message, ...fields });
    write(`${redactSecrets(line)}\n`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
