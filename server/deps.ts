import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { DialectName } from './db/connect.js';
import type { Database } from './db/schema.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics/metrics.js';

/** What every route factory is built from. One instance per server process (or per test). */
export interface AppDeps {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  readonly config: Config;
  readonly logger: Logger;
  /** The current time; tests replace it to cross rate-limit windows and expiries. */
  readonly now: () => Date;
  /** What `/metrics` reports; `createApp` makes a set of its own when none is given. */
  readonly metrics?: Metrics;
}
