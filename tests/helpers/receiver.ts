/**
 * A real HTTP receiver on 127.0.0.1 standing in for a webhook URL, Slack, Telegram or GitHub: it
 * records every request (headers, body, when it started and ended) and answers what the test
 * scripts, one answer per request in order (the last one repeats), including hanging.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the receiver saw it. */
export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Set when the request's connection closed before an answer (the sender gave up or died). */
  aborted: boolean;
}

/** What to answer: a status with headers and body, or never (`hang`). */
export type Answer =
  | { status: number; headers?: Record<string, string>; body?: string; delayMs?: number }
  | 'hang';

/** A running receiver. */
export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  /** Requests in flight right now, and the most there ever were at once, per `webhook-id`. */
  readonly inFlight: Map<string, number>;
  readonly maxInFlight: Map<string, number>;
  /** The answers to give, in order; the last repeats. Setting it starts the script over. */
  answers: Answer[];
  /** Called with each request once its body is read, before it is answered. */
  onRequest: ((request: Received) => void) | null;
  /** Resolves once `count` requests have arrived (their bodies read). */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/** Starts a receiver; `answers` default to a 200 with `{}`. */
export async function startReceiver(answers: Answer[] = [{ status: 200, body: '{}' }]): Promise<Receiver> {
  const received: Received[] = [];
  const inFlight = new Map<string, number>();
  const maxInFlight = new Map<string, number>();
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let served = 0;
  let script = answers;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    const id = String(req.headers['webhook-id'] ?? '');
    if (id) {
      const now = (inFlight.get(id) ?? 0) + 1;
      inFlight.set(id, now);
      maxInFlight.set(id, Math.max(maxInFlight.get(id) ?? 0, now));
    }
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      if (id) inFlight.set(id, (inFlight.get(id) ?? 1) - 1);
    };
    res.on('close', finish);
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry: Received = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        aborted: false,
      };
      received.push(entry);
      res.on('close', () => {
        if (!res.writableFinished) entry.aborted = true;
      });
      receiver.onRequest?.(entry);
      for (const waiter of waiters.filter((w) => received.length >= w.count)) waiter.resolve();
      const list = script;
      const answer = list[Math.min(served++, list.length - 1)] ?? { status: 200 };
      if (answer === 'hang') return;
      const reply = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
        res.end(answer.body ?? '{}');
      };
      if (answer.delayMs) setTimeout(reply, answer.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}`,
    received,
    inFlight,
    maxInFlight,
    onRequest: null,
    get answers() {
      return script;
    },
    set answers(next: Answer[]) {
      script = next;
      served = 0;
    },
    waitFor(count, timeoutMs = 30_000) {
      if (received.length >= count) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`the receiver got ${received.length} of ${count} requests`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(received);
          },
        });
      });
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return receiver;
}
