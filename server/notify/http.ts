/**
 * One POST (or PATCH, GET) of a notification, never throwing for what the receiver or the network
 * does: the answer is an {@link HttpOutcome} with the status, the time it took, the receiver's
 * Retry-After, and an error explained for the delivery log. Receivers chosen by site owners
 * (webhook and Slack URLs) get the re-check fetch's address rules: no loopback, private, link-local
 * or unique-local address after DNS resolution unless FETCH_ALLOW_PRIVATE is set. Redirects are
 * not followed (a signed body must not be replayed to wherever a receiver points).
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, STATUS_CODES } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { isNonPublicAddress, publicOnlyLookup } from '../recheck/address-guard.js';

/** DESIGN: a receiver that has not answered in 10 seconds has failed this attempt. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** Bytes of an answer read at most (GitHub's issue number, an error's description). */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * Connections are kept open between deliveries to the same receiver (a busy site sends many), which
 * saves a TCP and TLS handshake per message. The address rules apply to every new connection (the
 * guarded agents resolve names with the guard), and a kept connection was checked when it opened.
 */
const AGENT_OPTIONS = { keepAlive: true, maxSockets: 16, maxFreeSockets: 4, timeout: 30_000 };
const agents = {
  guarded: { http: new HttpAgent(AGENT_OPTIONS), https: new HttpsAgent(AGENT_OPTIONS) },
  open: { http: new HttpAgent(AGENT_OPTIONS), https: new HttpsAgent(AGENT_OPTIONS) },
};

/** A request to send. */
export interface HttpRequest {
  method: 'POST' | 'PATCH' | 'GET';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** How to send it. */
export interface SendOptions {
  /** Apply the address rules (owners' URLs); operator-configured APIs skip them. */
  guard: boolean;
  allowPrivate: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Words used instead of the URL in errors (a Telegram URL holds the bot token). */
  userAgent: string;
}

/** What happened. `status` null: no answer at all. */
export interface HttpOutcome {
  status: number | null;
  durationMs: number;
  /** The answer's body (up to 64 KiB) for 2xx and 4xx, to read ids and explain refusals. */
  body: string;
  /** The receiver's Retry-After, in milliseconds from now. */
  retryAfterMs: number | null;
  /** Why it failed, in words for the log; null for a 2xx. */
  error: string | null;
}

/** Retry-After as seconds or an HTTP date, in milliseconds from `now`; null when absent or junk. */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Short words for a network error code. */
function explainNetworkError(error: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `no answer within ${timeoutMs / 1000} seconds (timed out)`;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ERR_MISPRINT_REFUSED_ADDRESS':
      return `refused: ${message} (set FETCH_ALLOW_PRIVATE=true for intranet receivers)`;
    case 'ECONNREFUSED':
      return 'connection refused: nothing listens at that address and port';
    case 'ENOTFOUND':
      return 'the host name does not resolve (DNS)';
    case 'ECONNRESET':
      return 'the receiver closed the connection before answering';
    case 'ETIMEDOUT':
      return 'the connection timed out';
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the receiver's TLS certificate is not valid (${code})`;
    default:
      return code ? `network error (${code})` : `network error: ${message}`;
  }
}

/** What a status means for an owner reading the log. */
export function explainStatus(status: number, body: string): string {
  const phrase = STATUS_CODES[status] ?? 'unknown status';
  const said = body.replace(/\s+/g, ' ').trim().slice(0, 200);
  const detail = said ? `: ${said}` : '';
  if (status >= 300 && status < 400)
    return `HTTP ${status} ${phrase}: redirects are not followed; use the final URL`;
  if (status === 401 || status === 403)
    return `HTTP ${status} ${phrase}: the receiver refused the credentials${detail}`;
  if (status === 404 || status === 410)
    return `HTTP ${status} ${phrase}: no such endpoint (wrong URL, chat or repository?)${detail}`;
  if (status === 408 || status === 429)
    return `HTTP ${status} ${phrase}: the receiver asked to retry later${detail}`;
  if (status >= 500) return `HTTP ${status} ${phrase}: the receiver failed or is down${detail}`;
  return `HTTP ${status} ${phrase}${detail}`;
}

function readAnswer(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      if (size < MAX_ANSWER_BYTES) chunks.push(chunk);
      size += chunk.length;
    });
    response.on('end', () => resolve(Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8')));
    response.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** Sends one request under the rules above. */
export async function send(request: HttpRequest, options: SendOptions): Promise<HttpOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const failed = (error: string): HttpOutcome => ({
    status: null,
    durationMs: elapsed(),
    body: '',
    retryAfterMs: null,
    error,
  });
  if (!URL.canParse(request.url)) return failed('not a URL');
  const url = new URL(request.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const guarded = options.guard && !options.allowPrivate;
  if (guarded && isIP(host) !== 0 && isNonPublicAddress(host)) {
    return failed(
      `refused: ${host} is not a public address (set FETCH_ALLOW_PRIVATE=true for intranet receivers)`,
    );
  }
  const issue = url.protocol === 'https:' ? httpsRequest : httpRequest;
  try {
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = issue(url, {
        method: request.method,
        headers: {
          'User-Agent': options.userAgent,
          ...request.headers,
          ...(request.body !== undefined
            ? { 'Content-Length': String(Buffer.byteLength(request.body)) }
            : {}),
        },
        lookup: guarded ? publicOnlyLookup : undefined,
        agent: agents[guarded ? 'guarded' : 'open'][url.protocol === 'https:' ? 'https' : 'http'],
        signal,
      });
      req.once('response', resolve);
      req.once('error', reject);
      req.end(request.body);
    });
    const body = await readAnswer(response);
    const status = response.statusCode ?? 0;
    const retryAfter = response.headers['retry-after'];
    return {
      status,
      durationMs: elapsed(),
      body,
      retryAfterMs: parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, Date.now()),
      error: status >= 200 && status < 300 ? null : explainStatus(status, body),
    };
  } catch (error) {
    if (options.signal?.aborted && !timeout.aborted) return failed('the server stopped during the attempt');
    return failed(explainNetworkError(error, timeout.aborted, timeoutMs));
  }
}
