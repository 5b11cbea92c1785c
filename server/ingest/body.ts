import { LIMITS } from '../../contract/report.js';
import { ApiError } from '../errors.js';

/**
 * `text/plain` is what the widget sends: a CORS "simple request" needs no preflight and works with
 * `navigator.sendBeacon`. Any charset parameter is accepted; JSON is UTF-8 (RFC 8259 §8.1).
 */
const ACCEPTED_MEDIA_TYPES = new Set(['application/json', 'text/plain']);

/** Strict UTF-8: malformed bytes are a bad report, not replacement characters stored forever. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The media type of a Content-Type header without its parameters, lower-cased. */
export function mediaType(contentType: string | undefined | null): string {
  return (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
}

/**
 * Reads at most `limit` bytes of a request body. Counts the stream itself: Content-Length may be
 * absent (chunked) or lie, and the first byte past the limit ends the read with a 413.
 * `lengthEnforced` says the HTTP server delivers no more bytes than Content-Length declares (Node's
 * parser does): a declared, small enough body is then read in one piece, which on @hono/node-server
 * skips building a web stream for it.
 */
export async function readLimitedBody(
  request: Request,
  limit: number,
  lengthEnforced = false,
): Promise<Uint8Array> {
  const tooLarge = () => new ApiError('payload_too_large', `The body must be at most ${limit} bytes.`);
  const header = request.headers.get('content-length');
  const declared = header === null ? Number.NaN : Number(header);
  if (declared > limit) throw tooLarge();
  if (lengthEnforced && Number.isInteger(declared)) {
    const body = new Uint8Array(await request.arrayBuffer());
    if (body.byteLength > limit) throw tooLarge();
    return body;
  }
  if (!request.body) return new Uint8Array(0);

  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** How a public JSON body is read: its cap and the error code of a body that is not JSON. */
export interface JsonBodyOptions {
  limit: number;
  invalid: 'invalid_report' | 'invalid_request';
  /** As for {@link readLimitedBody}. */
  lengthEnforced?: boolean;
}

/**
 * Checks the media type (415), reads the body within `limit` (413) and parses JSON (400). The
 * public routes take `text/plain` as well, so a browser sends them without a preflight.
 */
export async function readJsonBody(request: Request, options: JsonBodyOptions): Promise<unknown> {
  const type = mediaType(request.headers.get('content-type'));
  if (!ACCEPTED_MEDIA_TYPES.has(type)) {
    throw new ApiError('unsupported_media_type', 'Send the body as application/json or text/plain.');
  }
  const bytes = await readLimitedBody(request, options.limit, options.lengthEnforced).catch(
    (error: unknown) => {
      if (error instanceof ApiError) throw error;
      // The client went away mid-body (ECONNRESET "aborted"): its fault, not the database's, so it
      // must not be answered or logged as an outage.
      throw new ApiError(options.invalid, 'The request body could not be read.', { cause: error });
    },
  );
  try {
    return JSON.parse(utf8.decode(bytes));
  } catch {
    throw new ApiError(options.invalid, 'The body is not valid UTF-8 JSON.', {
      issues: [{ path: '', message: 'Expected a JSON object.' }],
    });
  }
}

/** A report's body within the wire format's limit; `lengthEnforced` as for {@link readLimitedBody}. */
export function readReportBody(request: Request, lengthEnforced = false): Promise<unknown> {
  return readJsonBody(request, { limit: LIMITS.bodyBytes, invalid: 'invalid_report', lengthEnforced });
}
