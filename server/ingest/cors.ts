import type { Context, TypedResponse } from 'hono';

/** How long browsers may cache a preflight answer (one day; browsers cap it lower anyway). */
export const PREFLIGHT_MAX_AGE_SECONDS = 86_400;

/** The headers that let `origin` read an answer (an error's too, through ApiError's `headers`). */
export function corsHeaders(origin: string): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': origin,
    // Retry-After is not a CORS-safelisted response header: without this the widget cannot see how
    // long a 429 or 503 asks it to wait.
    'Access-Control-Expose-Headers': 'Retry-After',
  };
}

/** Lets `origin` read the answer. Only ever called with an origin the site (or, for preflights, a site) allows. */
export function allowOrigin(c: Context, origin: string): void {
  for (const [name, value] of Object.entries(corsHeaders(origin))) c.header(name, value);
}

/** Answers vary by Origin even when no CORS header is sent, so caches must not share them. */
export function varyOnOrigin(c: Context): void {
  c.header('Vary', 'Origin', { append: true });
}

/** The preflight answer for an allowed origin: POST with a JSON Content-Type, cached for a day. */
export function answerPreflight(c: Context, origin: string): Response & TypedResponse<null, 204, 'body'> {
  allowOrigin(c, origin);
  c.header('Access-Control-Allow-Methods', 'POST');
  c.header('Access-Control-Allow-Headers', 'Content-Type');
  c.header('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_SECONDS));
  return c.body(null, 204);
}
