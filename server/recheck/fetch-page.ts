/**
 * Fetches a page for a re-check under DESIGN's rules: GET only, the site's allowed origins only
 * (redirects included, at most 3), a 5-second budget for the whole fetch, a 2 MiB cap on the body,
 * and no connection to a non-public address unless FETCH_ALLOW_PRIVATE is set.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { TextDecoder } from 'node:util';
import { normaliseOrigin } from '../services/origins.js';
import { isNonPublicAddress, publicOnlyLookup } from './address-guard.js';

/** Time for the whole fetch, redirects included. */
export const FETCH_TIMEOUT_MS = 5000;
/** Largest body read. */
export const FETCH_MAX_BYTES = 2 * 1024 * 1024;
/** Redirects followed at most. */
export const FETCH_MAX_REDIRECTS = 3;

/** How to fetch. */
export interface FetchPageOptions {
  /** Normalised origins the site allows; every URL of the fetch must be on one. */
  allowedOrigins: ReadonlySet<string>;
  /** FETCH_ALLOW_PRIVATE: let loopback and private addresses through (intranet sites, tests). */
  allowPrivate: boolean;
  userAgent: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  maxBytes?: number;
}

/** A page's HTML, or why there is none (the re-check then changes nothing). */
export type FetchedPage = { ok: true; url: string; html: string } | { ok: false; reason: string };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const HTML = /^(?:text\/html|application\/xhtml\+xml)\b/i;

function refused(reason: string): FetchedPage {
  return { ok: false, reason };
}

/** A decoder for the response's declared charset, UTF-8 when it names none we know. */
function decoderFor(contentType: string | undefined): TextDecoder {
  const label = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  try {
    return new TextDecoder(label ?? 'utf-8');
  } catch {
    return new TextDecoder('utf-8');
  }
}

/** One GET, answered with the response head (the body not yet read). */
function get(url: URL, options: FetchPageOptions, signal: AbortSignal): Promise<IncomingMessage> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, {
      method: 'GET',
      headers: { 'User-Agent': options.userAgent, Accept: 'text/html,application/xhtml+xml' },
      // Names are resolved by the guard as the socket connects; literals were checked by the caller.
      lookup: options.allowPrivate ? undefined : publicOnlyLookup,
      agent: false,
      signal,
    });
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
}

/** Reads a body up to `maxBytes`; null when it is longer. */
async function readCapped(response: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > maxBytes) {
      response.destroy();
      return null;
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Fetches `pageUrl`; never throws for what the page or the network does. */
export async function fetchPage(pageUrl: string, options: FetchPageOptions): Promise<FetchedPage> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? FETCH_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const maxBytes = options.maxBytes ?? FETCH_MAX_BYTES;
  if (!URL.canParse(pageUrl)) return refused('not a URL');
  let url = new URL(pageUrl);
  url.hash = '';
  try {
    for (let redirects = 0; ; redirects++) {
      const origin = normaliseOrigin(url.href);
      if (origin === null || !options.allowedOrigins.has(origin)) {
        return refused(`${url.origin} is not an allowed origin of the site`);
      }
      const host = url.hostname.replace(/^\[|\]$/g, '');
      if (!options.allowPrivate && isIP(host) !== 0 && isNonPublicAddress(host)) {
        return refused(`${host} is not a public address`);
      }
      const response = await get(url, options, signal);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (REDIRECTS.has(status) && location) {
        response.resume();
        if (redirects >= FETCH_MAX_REDIRECTS) return refused('too many redirects');
        if (!URL.canParse(location, url.href)) return refused('a redirect to something that is not a URL');
        url = new URL(location, url);
        url.hash = '';
        continue;
      }
      if (status < 200 || status > 299) {
        response.resume();
        return refused(`HTTP ${status}`);
      }
      const type = response.headers['content-type'];
      if (type !== undefined && !HTML.test(type)) {
        response.destroy();
        return refused(`not an HTML page (${type})`);
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        response.destroy();
        return refused('the page is larger than 2 MiB');
      }
      const body = await readCapped(response, maxBytes);
      if (body === null) return refused('the page is larger than 2 MiB');
      return { ok: true, url: url.href, html: decoderFor(type).decode(body) };
    }
  } catch (error) {
    if (timeout.aborted) return refused('no answer within 5 seconds');
    return refused(error instanceof Error ? error.message : String(error));
  }
}
