/** Shared setup of the ingest tests: sites, an app with a controllable clock, and report bodies. */
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe } from 'vitest';
import { DEFAULT_SITE_SETTINGS, type RateLimits, type SiteSettings } from '../../../contract/api.js';
import type { ReportInput } from '../../../contract/report.js';
import { createApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { type DatabaseHandle, type DialectName, openDatabase } from '../../../server/db/connect.js';
import type { Database } from '../../../server/db/schema.js';
import { createLogger } from '../../../server/logger.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../../helpers/databases.js';
import { FIXTURE_ORIGIN, validReport } from '../../helpers/reports.js';

/** The origin every fixture site allows. */
export const ORIGIN = FIXTURE_ORIGIN;

/** A clock tests move by hand. */
export interface Clock {
  now: () => Date;
  set(at: Date | string): void;
  advance(ms: number): void;
}

/** A clock standing at `start`. */
export function clock(start: Date | string = '2026-03-02T10:00:00.000Z'): Clock {
  let at = new Date(start).getTime();
  return {
    now: () => new Date(at),
    set: (next) => {
      at = new Date(next).getTime();
    },
    advance: (ms) => {
      at += ms;
    },
  };
}

/** Settings overrides for a fixture site. */
export interface SiteOverrides {
  origins?: string[];
  maxSelection?: number;
  rateLimits?: Partial<RateLimits>;
}

/** Inserts a site with a fresh key. */
export async function addSite(
  db: Kysely<Database>,
  overrides: SiteOverrides = {},
): Promise<{ id: string; key: string }> {
  const settings: SiteSettings = {
    ...DEFAULT_SITE_SETTINGS,
    maxSelection: overrides.maxSelection ?? DEFAULT_SITE_SETTINGS.maxSelection,
    rateLimits: { ...DEFAULT_SITE_SETTINGS.rateLimits, ...overrides.rateLimits },
  };
  const key = `key_${randomUUID().replaceAll('-', '')}`;
  const row = await db
    .insertInto('sites')
    .values({ key, name: 'News', origins: overrides.origins ?? [ORIGIN], settings: JSON.stringify(settings) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, key };
}

/** The whole app as `createApp` builds it, trusting X-Forwarded-For, on `db` with `clock`. */
export function ingestApp(db: Kysely<Database>, dialect: DialectName, at: Clock): Hono {
  const config = loadConfig({ TRUST_PROXY: '1', LOG_LEVEL: 'silent' });
  return createApp({ db, dialect, config, logger: createLogger('silent'), now: at.now });
}

/** A valid report for `siteKey`; `overrides` replace top-level fields. */
export function report(siteKey: string, overrides: Partial<ReportInput> = {}): ReportInput {
  return validReport(siteKey, undefined, overrides);
}

/** How a test request is sent. */
export interface SendOptions {
  origin?: string | null;
  /** Client address, sent as X-Forwarded-For (the app trusts the proxy). */
  ip?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** POSTs a body (an object is sent as JSON text) to the ingest endpoint. */
export function send(app: Hono, body: unknown, options: SendOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {
    'Content-Type': options.contentType ?? 'text/plain;charset=UTF-8',
    'X-Forwarded-For': options.ip ?? '203.0.113.7',
    ...options.headers,
  };
  const origin = options.origin === undefined ? ORIGIN : options.origin;
  if (origin !== null) headers.Origin = origin;
  return Promise.resolve(
    app.request('/api/v1/reports', {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

/** The reports stored for a site. */
export function storedReports(db: Kysely<Database>, siteId: string) {
  return db.selectFrom('reports').selectAll().where('site_id', '=', siteId).orderBy('received_at').execute();
}

/** Two server processes on one PostgreSQL database, each app with its own pool and in-memory state. */
export interface TwoProcesses {
  /** The first process's connection, for setting up sites and reading rows. */
  readonly db: Kysely<Database>;
  /** One app per process, both on the clock `at`. */
  apps(at: Clock): readonly [Hono, Hono];
}

/**
 * Declares `body` against {@link TwoProcesses} on a scratch PostgreSQL database (PGlite is one
 * process by design). Skipped with a notice without PostgreSQL, failing under CI=true.
 */
export function describeTwoProcesses(title: string, body: (t: () => TwoProcesses) => void): void {
  describe.runIf(postgresAvailable)(title, () => {
    let first: TestDatabase | undefined;
    let second: DatabaseHandle | undefined;
    beforeAll(async () => {
      first = await createTestDatabase('postgres');
      second = await openDatabase({ kind: 'postgres', url: first.url ?? '', poolSize: 10 });
    }, 60_000);
    afterAll(async () => {
      await second?.close();
      await first?.close();
    });
    body(() => {
      if (!first || !second) throw new Error('databases not ready');
      const [a, b] = [first.db, second.db];
      return { db: a, apps: (at) => [ingestApp(a, 'postgres', at), ingestApp(b, 'postgres', at)] };
    });
  });
}
