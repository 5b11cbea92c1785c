/**
 * Triage help's figures (issue 10):
 * - the dictionary: load time, memory and checks per second of each language, each in a fresh
 *   process (bench/lib/dictionary-probe.ts);
 * - re-check: pages per second through fetch, parse and judgement against a local server, with
 *   the per-site pacing off (in production one site gets at most one page a second);
 * - ingest throughput with the dictionary step on vs off: the app and its job runner in this
 *   process on a scratch PostgreSQL database, every report a new group (so every report costs a
 *   dictionary check), same load, off then on.
 *
 *   npx tsx bench/triage.ts
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { serve } from '@hono/node-server';
import { sql } from 'kysely';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { groupCreatedHandler } from '../server/jobs/group-created.js';
import { createJobRunner } from '../server/jobs/runner.js';
import { createJobSignal } from '../server/jobs/signal.js';
import { createLogger } from '../server/logger.js';
import { recheckSite } from '../server/recheck/recheck-site.js';
import { createSpellChecker } from '../server/spelling/checker.js';
import { SPELLING_LANGUAGES } from '../server/spelling/languages.js';
import { spellingStep } from '../server/spelling/step.js';
import { spamSignalsStep } from '../server/triage/spam-step.js';
import { createFixtureSite, GENEROUS_RATE_LIMITS, validReport } from '../tests/helpers/reports.js';
import { runLoad } from './lib/load.js';
import { reportRequest } from './lib/report-request.js';
import { createScratch } from './lib/scratch.js';
import { fixed, markdownTable } from './lib/stats.js';

const run = promisify(execFile);

/** One language's dictionary figures. */
export interface DictionaryFigures {
  language: string;
  loadMs: number;
  heapMiB: number;
  rssMiB: number;
  knownPerSecond: number;
  unknownPerSecond: number;
}

/** Everything this benchmark measures. */
export interface TriageFigures {
  dictionaries: DictionaryFigures[];
  recheckPagesPerSecond: number;
  ingestOff: number;
  ingestOn: number;
  ratio: number;
}

/** How long one dictionary may take to load and measure before it counts as not loading. */
const PROBE_TIMEOUT_MS = 300_000;

async function probe(language: string): Promise<DictionaryFigures> {
  const probeFile = new URL('./lib/dictionary-probe.ts', import.meta.url).pathname;
  try {
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', probeFile, language], {
      timeout: PROBE_TIMEOUT_MS,
      maxBuffer: 1 << 20,
    });
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
  } catch {
    const failed = Number.NaN;
    return {
      language,
      loadMs: failed,
      heapMiB: failed,
      rssMiB: failed,
      knownPerSecond: failed,
      unknownPerSecond: failed,
    };
  }
}

const ARTICLE = `<!doctype html><html><head><title>Budget</title><style>p{}</style></head><body><article>${'<p>The council met on Monday and discussed the draft budget at length, with many amendments.</p>'.repeat(400)}<p>Yesterday the council has recieved the draft budget on Monday.</p></article></body></html>`;

async function benchRecheck(log: (line: string) => void): Promise<number> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(ARTICLE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const scratch = await createScratch();
  try {
    const site = await createFixtureSite(scratch.handle.db);
    await scratch.handle.db
      .updateTable('sites')
      .set({ origins: [origin] })
      .where('id', '=', site.id)
      .execute();
    const PAGES = 200;
    for (let n = 0; n < PAGES; n++) {
      await scratch.handle.db
        .insertInto('reports')
        .values({
          id: crypto.randomUUID(),
          site_id: site.id,
          url: `${origin}/article-${n}`,
          quote_exact: 'recieved',
          quote_prefix: 'the council has ',
          quote_suffix: ' the draft budget on Monday',
          group_key: `g${n}`,
          ip_hash: 'bench',
        })
        .execute();
    }
    log(`recheck: ${PAGES} pages of ${ARTICLE.length} bytes from a local server, pacing off…`);
    const deps = {
      db: scratch.handle.db,
      config: loadConfig({ FETCH_ALLOW_PRIVATE: 'true' }),
      now: () => new Date(),
    };
    const started = performance.now();
    const result = await recheckSite(deps, site.id, { pageIntervalMs: 0 });
    const seconds = (performance.now() - started) / 1000;
    if (result.stillThere !== PAGES) throw new Error(`recheck judged ${JSON.stringify(result)}`);
    return PAGES / seconds;
  } finally {
    server.close();
    await scratch.drop();
  }
}

async function benchIngestWithDictionary(log: (line: string) => void): Promise<{ off: number; on: number }> {
  const scratch = await createScratch();
  const checker = createSpellChecker();
  try {
    const db = scratch.handle.db;
    const site = await createFixtureSite(db, { rateLimits: GENEROUS_RATE_LIMITS });
    const logger = createLogger('error');
    const measure = async (dictionary: boolean, offset: number): Promise<number> => {
      await sql`TRUNCATE reports, report_groups, groups, jobs CASCADE`.execute(db);
      const signal = createJobSignal();
      const config = loadConfig({ TRUST_PROXY: '1', LOG_LEVEL: 'error' });
      const app = createApp({ db, dialect: 'postgres', config, logger, now: () => new Date(), jobs: signal });
      const steps = dictionary ? [spamSignalsStep(db), spellingStep(db, checker)] : [spamSignalsStep(db)];
      const runner = createJobRunner({
        db,
        logger,
        now: () => new Date(),
        handlers: [groupCreatedHandler(steps)],
        signal,
        periodic: false,
      });
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise((resolve) => server.once('listening', resolve));
      const port = (server.address() as AddressInfo).port;
      runner.start();
      try {
        const load = await runLoad({
          origin: `http://127.0.0.1:${port}`,
          connections: 20,
          durationMs: 10_000,
          next: (n) => reportRequest(validReport(site.key, offset + n), n % 5000),
        });
        return (load.statuses['201'] ?? 0) / load.seconds;
      } finally {
        await runner.stop(5000);
        await new Promise((resolve) => server.close(resolve));
      }
    };
    // Warm the English dictionary so the "on" run measures checks, not the first load.
    await checker.check('en', 'warm');
    log('ingest: dictionary off, 20 connections for 10 s…');
    const off = await measure(false, 0);
    log('ingest: dictionary on, 20 connections for 10 s…');
    const on = await measure(true, 1_000_000);
    return { off, on };
  } finally {
    await checker.close();
    await scratch.drop();
  }
}

/** Runs every part and returns the figures. */
export async function benchTriage(log: (line: string) => void = console.log): Promise<TriageFigures> {
  const dictionaries: DictionaryFigures[] = [];
  for (const language of SPELLING_LANGUAGES) {
    log(`dictionary: ${language}…`);
    dictionaries.push(await probe(language));
  }
  const recheckPagesPerSecond = await benchRecheck(log);
  const ingest = await benchIngestWithDictionary(log);
  return {
    dictionaries,
    recheckPagesPerSecond,
    ingestOff: ingest.off,
    ingestOn: ingest.on,
    ratio: ingest.on / ingest.off,
  };
}

/** The figures as Markdown. */
export function printTriage(f: TriageFigures): string {
  const rows = f.dictionaries.map((d) => [
    d.language,
    `${fixed(d.loadMs / 1000, 1)} s`,
    `${fixed(d.heapMiB, 0)} MiB heap, ${fixed(d.rssMiB, 0)} MiB RSS`,
    `${fixed(d.knownPerSecond, 0)}/s`,
    `${fixed(d.unknownPerSecond, 1)}/s`,
  ]);
  return [
    markdownTable(
      [
        'Dictionary',
        'Load',
        'Memory once loaded',
        'Checks of a known word',
        'Checks of a misspelling (with suggestions)',
      ],
      rows,
    ),
    '',
    `Re-check, pacing off: ${fixed(f.recheckPagesPerSecond, 1)} pages/s (fetch + parse + judge, local server).`,
    `Ingest with the dictionary on vs off: ${fixed(f.ingestOn, 0)} vs ${fixed(f.ingestOff, 0)} reports/s = ${fixed(f.ratio, 2)} × (every report a new group).`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(printTriage(await benchTriage()));
}
