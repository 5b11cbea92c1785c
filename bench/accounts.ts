/**
 * Accounts' figures (issue 13), in this process on a scratch PostgreSQL database:
 * - `POST /auth/reset` for an address with an account and one without, interleaved, sequential:
 *   the answer must not tell them apart, its latency neither (the request only queues a job);
 * - the common-password list: the first check (loading it) and each check after.
 *
 *   npx tsx bench/accounts.ts
 */
import { pathToFileURL } from 'node:url';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { createUser } from '../server/db/queries/users.js';
import { createLogger } from '../server/logger.js';
import { isCommonPassword } from '../server/services/common-passwords.js';
import { createScratch } from './lib/scratch.js';
import { fixed, type Latencies, latencies, markdownTable } from './lib/stats.js';

/** Requests of each kind. */
const REQUESTS = 400;

/** Everything this benchmark measures. */
export interface AccountFigures {
  known: Latencies;
  unknown: Latencies;
  listFirstMs: number;
  listCheckMicros: number;
}

export async function benchAccounts(): Promise<AccountFigures> {
  const listStart = performance.now();
  isCommonPassword('a first password to check', 10);
  const listFirstMs = performance.now() - listStart;
  const checks = 100_000;
  const checkStart = performance.now();
  for (let i = 0; i < checks; i++) isCommonPassword(`candidate number ${i}`, 10);
  const listCheckMicros = ((performance.now() - checkStart) * 1000) / checks;

  const scratch = await createScratch();
  try {
    const app = createApp({
      db: scratch.handle.db,
      dialect: 'postgres',
      config: loadConfig({ LOG_LEVEL: 'silent', TRUST_PROXY: 'true' }),
      logger: createLogger('silent'),
      now: () => new Date(),
    });
    const samples: Record<'known' | 'unknown', number[]> = { known: [], unknown: [] };
    for (let i = 0; i < REQUESTS; i++) {
      const known = await createUser(scratch.handle.db, {
        email: `known-${i}@bench.example`,
        password: null,
      });
      for (const kind of i % 2 === 0 ? (['known', 'unknown'] as const) : (['unknown', 'known'] as const)) {
        const email = kind === 'known' ? known.email : `unknown-${i}@bench.example`;
        const start = performance.now();
        const response = await app.request('/api/v1/auth/reset', {
          method: 'POST',
          // A client address per request: the per-client guard is not what is measured.
          headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `198.51.100.${i % 250}` },
          body: JSON.stringify({ email }),
        });
        samples[kind].push(performance.now() - start);
        if (response.status !== 202) throw new Error(`answered ${response.status}`);
      }
    }
    return {
      known: latencies(samples.known),
      unknown: latencies(samples.unknown),
      listFirstMs,
      listCheckMicros,
    };
  } finally {
    await scratch.drop();
  }
}

export function printAccounts(figures: AccountFigures): void {
  const row = (name: string, l: Latencies) => [name, fixed(l.p50, 2), fixed(l.p95, 2), fixed(l.p99, 2)];
  console.log(`POST /auth/reset, ${REQUESTS} requests each, interleaved (ms):`);
  console.log(
    markdownTable(
      ['address', 'p50', 'p95', 'p99'],
      [row('with an account', figures.known), row('without one', figures.unknown)],
    ),
  );
  console.log(
    `common-password list: first check ${fixed(figures.listFirstMs)} ms (loads it), then ` +
      `${fixed(figures.listCheckMicros, 2)} µs a check`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printAccounts(await benchAccounts());
}
