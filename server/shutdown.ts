import { Server } from 'node:http';
import type { ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { errorBody } from './errors.js';
import type { Logger } from './logger.js';

/**
 * How long a shutdown may take from the signal to the last step: the contract's 10 s, which is
 * Docker's default grace before SIGKILL and docker-compose.yml's stop_grace_period (Kubernetes
 * allows 30 s), less a second kept back for the process itself to exit.
 */
export const SHUTDOWN_DEADLINE_MS = 9000;
/** Time kept back from draining HTTP for the steps after it (background work, closing the pool). */
const AFTER_HTTP_MS = 1500;
/** How often connections that turned idle are closed while draining. */
const IDLE_SWEEP_MS = 50;

/** Something to stop after HTTP has drained, given the absolute deadline (`performance.now()` time). */
export interface ShutdownStep {
  readonly name: string;
  run(deadline: number): Promise<void>;
}

/** Resolves when `promise` settles or at `deadline`, whichever comes first; true if it settled in time. */
async function within(promise: Promise<unknown>, deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - performance.now()));
  });
  try {
    return await Promise.race([promise.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Stops accepting connections and lets requests in flight finish (and with them the ingest
 * batches they wait on), closing keep-alive connections as they turn idle; connections still busy
 * when HTTP's share of the deadline is spent are closed. Then runs `steps` in order (the job
 * runner's stop, closing the database) within what is left. Resolves with whether everything
 * finished, and in time.
 */
export async function shutDown(
  server: ServerType,
  steps: readonly ShutdownStep[],
  logger: Logger,
  { startedAt = performance.now(), deadlineMs = SHUTDOWN_DEADLINE_MS } = {},
): Promise<boolean> {
  const deadline = startedAt + deadlineMs;
  const http = server instanceof Server ? server : null;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  http?.closeIdleConnections();
  const sweeper = setInterval(() => http?.closeIdleConnections(), IDLE_SWEEP_MS);
  const inTime = await within(closed, deadline - AFTER_HTTP_MS);
  clearInterval(sweeper);
  if (!inTime) {
    logger.warn('requests still in flight at the shutdown deadline; closing their connections');
    http?.closeAllConnections();
  }
  let clean = inTime;
  for (const step of steps) {
    const finished = await within(
      step.run(deadline).catch((error: unknown) => {
        clean = false;
        logger.error('shutdown step failed', { step: step.name, error: String(error) });
      }),
      deadline,
    );
    if (!finished) logger.warn('shutdown step still running at the deadline', { step: step.name });
    clean &&= finished;
  }
  return clean;
}

/**
 * The app as served while shutting down: `/readyz` answers 503 so a load balancer stops sending
 * here, and every answer asks the client to close its connection, so keep-alive clients move to
 * another replica instead of reusing a connection about to close.
 */
export function drainingFetch(fetch: Fetch): Fetch {
  return async function draining(request, env) {
    if (new URL(request.url).pathname === '/readyz') {
      return Response.json(errorBody('unavailable', 'This server is shutting down.'), {
        status: 503,
        headers: { 'Retry-After': '5', Connection: 'close' },
      });
    }
    const response = await fetch(request, env);
    const headers = new Headers(response.headers);
    headers.set('Connection', 'close');
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

/** Node's fetch handler, with the bindings `@hono/node-server` passes (the socket for the client address). */
export type Fetch = (request: Request, env: Parameters<Hono['fetch']>[1]) => Response | Promise<Response>;
