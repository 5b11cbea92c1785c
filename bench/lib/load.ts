/**
 * A small closed-loop HTTP/1.1 load generator: `connections` keep-alive sockets, each sending its
 * next request as soon as the previous answer has arrived, for a fixed time (raw bytes, see
 * http1.ts). Its latencies measure throughput more than waiting: with N connections the mean wait
 * is N ÷ throughput. open-loop.ts measures latency at a given arrival rate.
 */
import type { Socket } from 'node:net';
import { type LoadRequest, open, ResponseReader, serialise } from './http1.js';

export type { LoadRequest } from './http1.js';

/** What a load run measured. */
export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  /** Answers per status code; `error` counts socket errors. */
  readonly statuses: Readonly<Record<string, number>>;
  /** Milliseconds per completed request. */
  readonly latencies: readonly number[];
}

/** Options of {@link runLoad}. */
export interface LoadOptions {
  readonly origin: string;
  readonly connections: number;
  readonly durationMs: number;
  /** Builds the `n`th request (n counts from 0 over all connections). */
  readonly next: (n: number) => LoadRequest;
}

/** Runs the load and returns what it measured. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const origin = new URL(options.origin);
  const statuses: Record<string, number> = {};
  const samples: number[] = [];
  let n = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;

  async function connection(): Promise<void> {
    let socket: Socket | null = null;
    let reader: ResponseReader | null = null;
    while (performance.now() < deadline) {
      const bytes = serialise(options.next(n++), origin.host);
      const t0 = performance.now();
      let key: string;
      try {
        if (!socket || !reader || socket.destroyed) {
          socket = await open(origin);
          reader = new ResponseReader(socket);
        }
        const answer = reader.next();
        socket.write(bytes);
        key = String(await answer);
      } catch {
        key = 'error';
        socket?.destroy();
        socket = null;
      }
      samples.push(performance.now() - t0);
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
    socket?.destroy();
  }

  await Promise.all(Array.from({ length: options.connections }, connection));
  return {
    requests: samples.length,
    seconds: (performance.now() - started) / 1000,
    statuses,
    latencies: samples,
  };
}
