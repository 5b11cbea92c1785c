import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { DialectName } from './db/connect.js';
import type { Database } from './db/schema.js';
import { createJobSignal, type JobSignal } from './jobs/signal.js';
import type { Logger } from './logger.js';
import { createMailer, type Mailer } from './mail/mailer.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';

/** What every route factory is built from. One instance per server process (or per test). */
export interface AppDeps {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  readonly config: Config;
  readonly logger: Logger;
  /** The current time; tests replace it to cross rate-limit windows and expiries. */
  readonly now: () => Date;
  /** Raised when this process enqueued jobs; the process's job runner listens. */
  readonly jobs: JobSignal;
  /** Sends e-mail through `SMTP_URL` (disabled without it). */
  readonly mailer: Mailer;
  /** What `/metrics` reports. */
  readonly metrics: Metrics;
}

/** {@link AppDeps} where the parts a test or tool rarely cares about may be left out. */
export type AppDepsInput = Omit<AppDeps, 'jobs' | 'mailer' | 'metrics'> &
  Partial<Pick<AppDeps, 'jobs' | 'mailer' | 'metrics'>>;

/**
 * Completes {@link AppDepsInput}: a signal nobody listens to yet, a mailer from the configuration,
 * metrics of the app's own.
 */
export function appDeps(input: AppDepsInput): AppDeps {
  return {
    ...input,
    jobs: input.jobs ?? createJobSignal(),
    mailer: input.mailer ?? createMailer(input.config),
    metrics: input.metrics ?? createMetrics(),
  };
}
