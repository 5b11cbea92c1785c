/**
 * An open-loop HTTP/1.1 load generator: requests arrive at a constant rate whatever the answers
 * do, as readers' reports do, and each latency runs from the moment the request was due, so a
 * slow answer delays the requests behind it in the figures too (no coordinated omission). A due
 * request goes out on an idle keep-alive connection, or on a new one up to `maxConnections`, else
 * it waits for the first connection to free up, and that wait counts.
 */
import type { Socket } from 'node:net';
import { type LoadRequest, open, ResponseReader, serialise } from './http1.js';

/** Options of {@link runOpenLoop}. */
export interface OpenLoopOptions {
  readonly origin: string;
  /** Requests per second. */
  readonly rate: number;
  readonly durationMs: number;
  /** Builds the `n`th request. */
  readonly next: (n: number) => LoadRequest;
  /** Connections at most (default 256). */
  readonly maxConnections?: number;
}

/** What an open-loop run measured. */
export interface OpenLoopResult {
  /** Requests answered (or failed) per second. */
  readonly achievedRate: number;
  /** Answers per status code; `error` counts socket errors. */
  readonly statuses: Readonly<Record<string, number>>;
  /** Milliseconds from when each request was due to its answer. */
  readonly latencies: readonly number[];
  /** Milliseconds each request went out after it was due (the generator's own lag included). */
  readonly sendDelays: readonly number[];
  /** Connections opened in all. */
  readonly connections: number;
}

interface Connection {
  socket: Socket;
  reader: ResponseReader;
}

/** Runs the load and returns what it measured. */
export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const origin = new URL(options.origin);
  const maxConnections = options.maxConnections ?? 256;
  const interval = 1000 / options.rate;
  const total = Math.floor((options.durationMs / 1000) * options.rate);
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  const sendDelays: number[] = [];
  const idle: Connection[] = [];
  const waiting: ((connection: Connection | null) => void)[] = [];
  let opened = 0;
  let created = 0;
  const started = performance.now();

  /** Hands a connection to the next waiting request, or back to the idle ones; null: it died. */
  const release = (connection: Connection | null): void => {
    if (!connection) opened--;
    const next = waiting.shift();
    if (!next) {
      if (connection) idle.push(connection);
    } else if (connection) next(connection);
    else void acquire().then(next);
  };
  const acquire = async (): Promise<Connection | null> => {
    const ready = idle.pop();
    if (ready) return ready;
    if (opened < maxConnections) {
      opened++;
      created++;
      try {
        const socket = await open(origin);
        return { socket, reader: new ResponseReader(socket) };
      } catch {
        opened--;
        return null;
      }
    }
    return new Promise((resolve) => waiting.push(resolve));
  };

  const send = async (n: number, due: number): Promise<void> => {
    const bytes = serialise(options.next(n), origin.host);
    let connection = await acquire();
    let key = 'error';
    try {
      if (!connection) throw new Error('no connection');
      sendDelays.push(performance.now() - due);
      const answer = connection.reader.next();
      connection.socket.write(bytes);
      key = String(await answer);
    } catch {
      connection?.socket.destroy();
      connection = null;
    }
    latencies.push(performance.now() - due);
    statuses[key] = (statuses[key] ?? 0) + 1;
    release(connection);
  };

  const inFlight: Promise<void>[] = [];
  for (let n = 0; n < total; ) {
    const now = performance.now();
    // Every request already due goes out now, each timed from when it was due.
    while (n < total && started + n * interval <= now) {
      inFlight.push(send(n, started + n * interval));
      n++;
    }
    const wait = started + n * interval - performance.now();
    await new Promise<void>((resolve) => (wait > 1 ? setTimeout(resolve, wait - 1) : setImmediate(resolve)));
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  for (const connection of idle) connection.socket.destroy();
  return { achievedRate: latencies.length / seconds, statuses, latencies, sendDelays, connections: created };
}
