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
  /** `smtp://user:pass@host:587` or `smtps://…:465`; null means no e-mail is sent. */
  readonly smtpUrl: string | null;
  /** The From header of every mail, or null for `Misprint <misprint@` + the public host + `>`. */
  readonly mailFrom: string | null;
  /** Base URL of the Telegram Bot API (no trailing slash). */
  readonly telegramApiUrl: string;
  /** Base URL of the GitHub REST API, or a GitHub Enterprise one (no trailing slash). */
  readonly githubApiUrl: string;
  /** Let page re-checks reach loopback and private addresses (intranet sites and tests). */
  readonly fetchAllowPrivate: boolean;
  /** Bearer token `/metrics` requires; null means it answers loopback clients only. */
  readonly metricsToken: string | null;
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

/** An optional http(s) base URL; the trailing slash is dropped so paths can be appended. */
const baseUrl = (fallback: string) =>
  z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .default(fallback)
      .transform((v) => v.replace(/\/+$/, ''))
      .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), {
        message: 'must be an http(s) URL',
      }),
  );

/** An optional string with no whitespace; unset (or empty) is null. */
const optionalToken = z.preprocess(
  unsetIfEmpty,
  z
    .string()
    .regex(/^\S+$/, 'must not contain whitespace')
    .optional()
    .transform((v) => v ?? null),
);

/** Whether `value` is a PostgreSQL connection URL (`DATABASE_URL`, `misprint copy --to`). */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\/[^\s]+$/.test(value) && URL.canParse(value);
}

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
    .refine((v) => v === null || isPostgresUrl(v), { message: 'must be a postgres:// or postgresql:// URL' }),
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
  SMTP_URL: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .optional()
      .transform((v) => v ?? null)
      .refine((v) => v === null || (URL.canParse(v) && /^smtps?:$/.test(new URL(v).protocol)), {
        message: 'must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example:587',
      }),
  ),
  MAIL_FROM: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .max(320)
      .regex(/@/, 'must be an address such as "Misprint <typos@news.example>"')
      .refine((v) => !/[\r\n]/.test(v), 'must be one line')
      .optional()
      .transform((v) => v ?? null),
  ),
  TELEGRAM_API_URL: baseUrl('https://api.telegram.org'),
  GITHUB_API_URL: baseUrl('https://api.github.com'),
  FETCH_ALLOW_PRIVATE: flag,
  METRICS_TOKEN: optionalToken,
});

/** Variables that may carry a password in their URL: shown redacted in messages. */
const URL_VARIABLES = new Set(['DATABASE_URL', 'SMTP_URL']);
/** Variables whose value is a secret as a whole: never shown. */
const SECRET_VARIABLES = new Set(['METRICS_TOKEN']);

/** Reads and validates the configuration; throws {@link ConfigError} naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    const value = env[name];
    const shown =
      value === undefined || SECRET_VARIABLES.has(name)
        ? ''
        : ` (got ${JSON.stringify(URL_VARIABLES.has(name) ? redactUrl(value) : value)})`;
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
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    telegramApiUrl: e.TELEGRAM_API_URL,
    githubApiUrl: e.GITHUB_API_URL,
    fetchAllowPrivate: e.FETCH_ALLOW_PRIVATE,
    metricsToken: e.METRICS_TOKEN,
  });
}

/** Query parameters that carry a password in a connection URL (libpq reads `password` and `sslpassword`). */
const PASSWORD_PARAMETER = /^(ssl)?pass(word)?$|^pwd$/i;

/** A URL with its password replaced (in `user:pass@` or as `?password=`), for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const name of [...u.searchParams.keys()]) {
      if (PASSWORD_PARAMETER.test(name)) u.searchParams.set(name, '***');
    }
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
