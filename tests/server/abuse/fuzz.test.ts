/**
 * Property fuzz of the ingest endpoint: 10,000 bodies (arbitrary JSON, valid reports with fields
 * swapped for arbitrary values, byte-level mutations of valid JSON, random bytes) and not one 5xx.
 * In-process through app.request so the run takes seconds; 10,000 runs on PostgreSQL, where the
 * production traffic lands, and a tenth of that on PGlite, whose single connection is slower.
 */
import fc from 'fast-check';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import type { DialectName } from '../../../server/db/connect.js';
import { createLogger } from '../../../server/logger.js';
import { createTestDatabase, isPostgresAvailable, type TestDatabase } from '../../helpers/databases.js';
import {
  clientAddress,
  createFixtureSite,
  FIXTURE_ORIGIN,
  GENEROUS_RATE_LIMITS,
  validReport,
} from '../../helpers/reports.js';

const RUNS: Record<DialectName, number> = { postgres: 10_000, pglite: 1_000 };

/** Where an arbitrary value may replace part of a valid report. */
const PATHS = [
  ['site'],
  ['id'],
  ['url'],
  ['title'],
  ['lang'],
  ['quote'],
  ['quote', 'exact'],
  ['quote', 'prefix'],
  ['quote', 'suffix'],
  ['position'],
  ['position', 'start'],
  ['position', 'end'],
  ['suggestion'],
  ['comment'],
  ['kind'],
  ['hp'],
  ['extra'],
] as const;

const CONTENT_TYPES = [
  'application/json',
  'text/plain',
  'text/plain;charset=UTF-8',
  'application/json; charset=utf-8',
];

/** Values that sit on the edges the validator must hold. */
const edgeValue = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.string({ unit: 'grapheme', maxLength: 400 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    '',
    ' ',
    'javascript:alert(1)',
    'https://news.example/',
    '\u0000',
    '\ud800',
    'x'.repeat(3000),
    2 ** 31,
    -1,
    null,
    'typo',
    '00000000-0000-4000-8000-000000000000',
  ),
);

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const child = target[head];
  if (typeof child === 'object' && child !== null && !Array.isArray(child)) {
    const copy = { ...(child as Record<string, unknown>) };
    target[head] = copy;
    setPath(copy, rest, value);
  }
}

type Mutation = { at: number; remove: number; insert: string };

function mutateText(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = m.at % (out.length + 1);
    out = out.slice(0, at) + m.insert + out.slice(at + m.remove);
  }
  return out;
}

function bodies(siteKey: string): fc.Arbitrary<string | Uint8Array<ArrayBuffer>> {
  const report = fc.nat().map((n): Record<string, unknown> => ({ ...validReport(siteKey, n % 500) }));
  const swapped = fc
    .tuple(report, fc.array(fc.tuple(fc.constantFrom(...PATHS), edgeValue), { maxLength: 4 }))
    .map(([r, swaps]) => {
      for (const [path, value] of swaps) setPath(r, path, value);
      return JSON.stringify(r);
    });
  const mutated = fc
    .tuple(
      report,
      fc.array(
        fc.record({
          at: fc.nat(),
          remove: fc.nat({ max: 8 }),
          insert: fc.oneof(
            fc.string({ maxLength: 4 }),
            fc.constantFrom('{', '}', '[', '"', '\\', ',', ':', '\\u', '\\ud800'),
          ),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    )
    .map(([r, mutations]) => mutateText(JSON.stringify(r), mutations));
  const json = fc.jsonValue().map((v) => JSON.stringify(v));
  const raw = fc.uint8Array({ maxLength: 600 }).map((b) => new Uint8Array(b));
  return fc.oneof({ arbitrary: swapped, weight: 4 }, { arbitrary: mutated, weight: 3 }, json, raw);
}

for (const dialect of ['postgres', 'pglite'] as const) {
  describe.runIf(dialect === 'pglite' || (await isPostgresAvailable()))(`ingest fuzz [${dialect}]`, () => {
    let database: TestDatabase;
    let app: Hono;
    let siteKey: string;
    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      siteKey = (await createFixtureSite(database.db, { rateLimits: GENEROUS_RATE_LIMITS })).key;
      app = createApp({
        db: database.db,
        dialect,
        config: loadConfig({ TRUST_PROXY: '1' }),
        logger: createLogger('silent'),
        now: () => new Date(),
      });
    });
    afterAll(async () => {
      await database?.close();
    });

    it(`answers ${RUNS[dialect].toLocaleString('en')} arbitrary bodies without a single 5xx`, {
      timeout: 240_000,
    }, async () => {
      let n = 0;
      const statuses: Record<number, number> = {};
      await fc.assert(
        fc.asyncProperty(bodies(siteKey), fc.constantFrom(...CONTENT_TYPES), async (body, contentType) => {
          const res = await app.request('/api/v1/reports', {
            method: 'POST',
            headers: {
              'Content-Type': contentType,
              Origin: FIXTURE_ORIGIN,
              'X-Forwarded-For': clientAddress(n++),
            },
            body,
          });
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          const text = await res.text();
          if (res.status >= 500) throw new Error(`${res.status} ${text}`);
        }),
        { numRuns: RUNS[dialect] },
      );
      // The fuzz reached past validation: some bodies were stored, most were refused.
      expect(statuses[201], JSON.stringify(statuses)).toBeGreaterThan(0);
      expect(statuses[400], JSON.stringify(statuses)).toBeGreaterThan(0);
    });
  });
}
