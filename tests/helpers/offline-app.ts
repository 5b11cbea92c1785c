/** The whole app over a database it never reaches: for tests that only list or describe routes. */
import type { Hono } from 'hono';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import type { Database } from '../../server/db/schema.js';
import { type AppDeps, appDeps } from '../../server/deps.js';
import { createLogger } from '../../server/logger.js';

/** Dependencies whose database compiles queries but never runs one. */
export function offlineDeps(): AppDeps {
  return appDeps({
    db: new Kysely<Database>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (db) => new PostgresIntrospector(db),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
    }),
    dialect: 'postgres',
    config: loadConfig({ LOG_LEVEL: 'silent' }),
    logger: createLogger('silent'),
    now: () => new Date(),
  });
}

/** The production app over {@link offlineDeps}. */
export function offlineApp(): Hono {
  return createApp(offlineDeps());
}
