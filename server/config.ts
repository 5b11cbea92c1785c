import { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from './logger.js';

/** The server's configuration, read once from the environment at start and frozen. */
export interface Config {
  readonly port: number;
  readonly host: string;
  /** PostgreSQL URL; null means embedded PGlite under `dataDir`. */
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  /** The server's external origin (`https://typos.example.com`), or null to use the request's own. */
  readonly publicUrl: string | null;
  readonly logLevel: LogLevel;
  /** Take the client address from X-Forwarded-For (only behind a proxy that sets it). */
  readonly trustProxy: boolean;
}

/** Thrown for an invalid environment; its message is the one line printed at start. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * An empty variable counts as unset: `PORT: ${PORT}` in a compose file yields "" when PORT is not
 * exported, and that must mean "the default", not port 0.
 */
const unsetIfEmpty = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''], { error: 'must be one of 1, 0, true, false, yes, no' })
  .default('')
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const EnvSchema = z.object({
  PORT: z.preprocess(
    unsetIfEmpty,
    z.coerce
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(0, 'must be 0–65535')
      .max(65535, 'must be 0–65535')
      .default(8787),
  ),
  HOST: z.preprocess(unsetIfEmpty, z.string().default('0.0.0.0')),
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || (/^postgres(ql)?:\/\/[^\s]+$/.test(v) && URL.canParse(v)), {
      message: 'must be a postgres:// or postgresql:// URL',
    }),
  DATA_DIR: z.preprocess(unsetIfEmpty, z.string().default('./data')),
  PUBLIC_URL: z
    .string()
    .optional()
    .transform((v) => (v ? v.replace(/\/+$/, '') : null))
    .refine((v) => v === null || (URL.canParse(v) && /^https?:$/.test(new URL(v).protocol)), {
      message: 'must be an http(s) URL such as https://typos.example.com',
    }),
  LOG_LEVEL: z.preprocess(
    unsetIfEmpty,
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  ),
  TRUST_PROXY: flag,
});

/** Reads and validates the configuration; throws {@link ConfigError} naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    const value = env[name];
    const shown =
      value === undefined
        ? ''
        : ` (got ${JSON.stringify(name === 'DATABASE_URL' ? redactUrl(value) : value)})`;
    throw new ConfigError(`invalid ${name}: ${issue?.message ?? 'invalid value'}${shown}`);
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    publicUrl: e.PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
  });
}

/** A URL with its password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
