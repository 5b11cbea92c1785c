import { serve as listenWith, type ServerType } from '@hono/node-server';
import { sql } from 'kysely';
import { createApp } from './app.js';
import { bootstrapFirstStart, type FirstStart, publicOrigin } from './bootstrap.js';
import { type Config, redactUrl } from './config.js';
import { type DatabaseHandle, openDatabase } from './db/connect.js';
import { DataDirLockedError } from './db/data-dir-lock.js';
import { migrateToLatest } from './db/migrate.js';
import { countPendingJobs } from './db/queries/jobs.js';
import { appDeps } from './deps.js';
import { jobHandlers } from './jobs/handlers.js';
import { createJobRunner } from './jobs/runner.js';
import { createLogger } from './logger.js';
import { countJobOutcomes } from './metrics/jobs.js';
import { createMetrics } from './metrics/metrics.js';
import { drainingFetch, type Fetch, SHUTDOWN_DEADLINE_MS, type ShutdownStep, shutDown } from './shutdown.js';

/** A failure at start whose message is the one line printed before exiting. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** How long a check of the database may take at start before it counts as unreachable. */
const DATABASE_CHECK_TIMEOUT_MS = 10_000;
/** How long a stopped server may take to exit by itself before it is made to (a handle left open). */
const SHUTDOWN_EXIT_GRACE_MS = 500;
/**
 * Time kept back from the job runner's grace for what follows it: aborting the jobs still running
 * (the runner waits up to a second for them to settle) and handing them back, then the pool.
 */
const JOBS_MARGIN_MS = 2500;

/** The message of an error, including the inner errors of an AggregateError (pg's dual-stack connect). */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return [...new Set(error.errors.map(describeError))].join('; ');
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return error.message || (typeof code === 'string' ? code : error.name);
  }
  return String(error);
}

async function checkDatabase(handle: DatabaseHandle, config: Config): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${DATABASE_CHECK_TIMEOUT_MS} ms`)),
      DATABASE_CHECK_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([sql`SELECT 1`.execute(handle.db), timeout]);
  } catch (error) {
    await handle.close().catch(() => {});
    const which = config.databaseUrl
      ? `the database at ${redactUrl(config.databaseUrl)}`
      : `the embedded database in ${config.dataDir}`;
    throw new StartupError(`cannot reach ${which}: ${describeError(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** An open, migrated database, and the migrations applied while opening it. */
export interface PreparedDatabase extends DatabaseHandle {
  readonly applied: readonly string[];
}

/**
 * Opens the configured database (PostgreSQL at DATABASE_URL, else PGlite under DATA_DIR with its
 * lock), checks that it answers and runs pending migrations. Every failure is a {@link StartupError}
 * or a {@link DataDirLockedError}, whose message is one printable line.
 */
export async function prepareDatabase(config: Config): Promise<PreparedDatabase> {
  let handle: DatabaseHandle;
  try {
    handle = config.databaseUrl
      ? await openDatabase({ kind: 'postgres', url: config.databaseUrl })
      : await openDatabase({ kind: 'pglite', dataDir: config.dataDir });
  } catch (error) {
    if (error instanceof DataDirLockedError) throw error;
    throw new StartupError(`cannot open the database: ${describeError(error)}`);
  }
  await checkDatabase(handle, config);
  try {
    const applied = await migrateToLatest(handle.db);
    return { ...handle, applied };
  } catch (error) {
    await handle.close().catch(() => {});
    throw new StartupError(describeError(error));
  }
}

function listenError(error: NodeJS.ErrnoException, config: Config): StartupError {
  const where = `${config.host}:${config.port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return new StartupError(
        `cannot listen on ${where}: the port is already in use (set PORT to another one)`,
      );
    case 'EACCES':
      return new StartupError(`cannot listen on ${where}: permission denied (use a PORT above 1023)`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new StartupError(`cannot listen on ${where}: HOST is not an address of this machine`);
    default:
      return new StartupError(`cannot listen on ${where}: ${describeError(error)}`);
  }
}

function listen(fetch: Fetch, config: Config): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = listenWith({ fetch, port: config.port, hostname: config.host }, () => {
      server.off('error', onError);
      resolve(server);
    });
    const onError = (error: NodeJS.ErrnoException) => reject(listenError(error, config));
    server.once('error', onError);
  });
}

/** The lines a newcomer reads after `npm start`; the password appears here and nowhere else. */
function startBanner(
  config: Config,
  listeningOn: string,
  dialect: string,
  firstStart: FirstStart | null,
): string[] {
  const origin = publicOrigin(config);
  const lines = [`Misprint is listening on ${listeningOn} (database: ${dialect})`];
  lines.push(`  Dashboard:  ${origin}/app/`, `  Demo page:  ${origin}/demo`);
  if (firstStart) {
    lines.push(
      '',
      'First start: created the demo site and its owner.',
      `  Demo site key:  ${firstStart.siteKey}`,
      `  Embed snippet:  ${firstStart.snippet}`,
      `  Sign in at ${origin}/app/ as`,
      `    e-mail:    ${firstStart.ownerEmail}`,
      `    password:  ${firstStart.ownerPassword}`,
      '  The password is shown only this once; keep it. Add your own account with `misprint user create`.',
    );
  }
  return lines;
}

/**
 * `misprint serve`: database, migrations, first-start bootstrap, HTTP server. Resolves with the exit
 * code once a SIGTERM or SIGINT has shut the server down; start failures reject with one-line errors.
 */
export async function serve(config: Config, print: (line: string) => void): Promise<number> {
  const startedAt = performance.now();
  const logger = createLogger(config.logLevel);
  const handle = await prepareDatabase(config);
  let server: ServerType;
  let firstStart: FirstStart | null;
  let stopping = false;
  const metrics = createMetrics({
    pool: handle.poolStats,
    jobs: async () => {
      const pending = await countPendingJobs(handle.db);
      return Object.entries(pending).map(([kind, count]) => ({ kind, count }));
    },
  });
  const deps = appDeps({
    db: handle.db,
    dialect: handle.dialect,
    config,
    logger,
    now: () => new Date(),
    metrics,
  });
  const runner = createJobRunner({
    db: deps.db,
    logger,
    now: deps.now,
    handlers: countJobOutcomes(jobHandlers(deps), metrics),
    signal: deps.jobs,
  });
  try {
    firstStart = await bootstrapFirstStart(handle.db, config);
    const app = createApp(deps);
    const draining = drainingFetch(app.fetch);
    server = await listen((request, env) => (stopping ? draining : app.fetch)(request, env), config);
  } catch (error) {
    await handle.close().catch(() => {});
    throw error instanceof StartupError ? error : new StartupError(describeError(error));
  }
  server.on('error', (error) => logger.error('server error', { error: describeError(error) }));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const listeningOn = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  for (const line of startBanner(config, listeningOn, handle.dialect, firstStart)) print(line);
  if (config.smtpUrl && !config.publicUrl) {
    logger.warn('SMTP_URL is set without PUBLIC_URL: links in mails point at http://localhost', { port });
  }
  runner.start();
  logger.info('started', { ms: Math.round(performance.now() - startedAt), dialect: handle.dialect });

  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        // A second Ctrl+C means "now" (the lock of a dead process is taken over at the next start);
        // a repeated SIGTERM from a supervisor changes nothing, the shutdown is under way.
        if (signal !== 'SIGINT') return;
        logger.warn('second interrupt during shutdown; exiting at once', { signal });
        process.exit(1);
      }
      stopping = true;
      const signalledAt = performance.now();
      logger.info('shutting down', { signal });
      // The runner stops claiming at once; its running jobs get until shortly before the deadline,
      // then are handed back to other replicas, before the pool they use is closed.
      const jobsStopped = runner.stop(SHUTDOWN_DEADLINE_MS - JOBS_MARGIN_MS);
      const steps: ShutdownStep[] = [
        { name: 'jobs', run: () => jobsStopped },
        { name: 'mail', run: async () => deps.mailer.close() },
        { name: 'database', run: () => handle.close() },
      ];
      void shutDown(server, steps, logger, { startedAt: signalledAt }).then((clean) => {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        logger.info('stopped', { ms: Math.round(performance.now() - signalledAt), clean });
        // Whatever still holds the event loop (a query that never answered) must not keep a
        // stopped server alive until the supervisor's SIGKILL.
        setTimeout(() => process.exit(clean ? 0 : 1), SHUTDOWN_EXIT_GRACE_MS).unref();
        resolve(clean ? 0 : 1);
      });
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
