import type { MiddlewareHandler } from 'hono';

/**
 * The dashboard's policy. Vite emits external scripts and stylesheets only, and Preact writes
 * styles through the CSSOM (which `style-src` does not govern), so nothing inline is needed.
 * `img-src data:` admits Vite's inlined small icons; every other fetch stays on our origin.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
].join('; ');

/**
 * The API's policy: JSON is never a document to run or render, so nothing may load from it at all
 * (OWASP REST guidance). A browser that is tricked into rendering an API answer runs nothing.
 */
export const API_CSP = [
  "default-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Powerful features neither the dashboard nor the API uses; denied so injected code cannot ask. */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'camera=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'payment=()',
  'usb=()',
].join(', ');

/** HSTS for a year; sent only when the server's public origin is https, or it would pin plain-http setups. */
const HSTS = 'max-age=31536000; includeSubDomains';

/** Where a response goes, which decides what it needs. */
type Audience = 'ingest' | 'widget' | 'dashboard' | 'api' | 'other';

/** Options of {@link securityHeaders}. */
export interface SecurityHeadersOptions {
  /** The server's external origin; HSTS is sent when it is https. */
  readonly publicUrl?: string | null;
}

function audienceOf(path: string): Audience {
  // Only the ingest endpoint itself: /api/v1/reports/:id is the editor API and gets the strict set.
  if (path === '/api/v1/reports' || path === '/api/v1/reports/') return 'ingest';
  if (path === '/widget.js' || path.startsWith('/widget/')) return 'widget';
  if (path === '/app' || path.startsWith('/app/')) return 'dashboard';
  if (path === '/api' || path.startsWith('/api/')) return 'api';
  return 'other';
}

/**
 * Security headers chosen by audience. The dashboard and the editor API get a strict CSP that
 * forbids framing, plus the classic companions. The ingest endpoint and the widget's scripts run
 * inside other sites' pages: they get only `nosniff` (and, for scripts, a cross-origin resource
 * policy so pages with COEP can still load them), leaving CORS to the ingest route.
 */
export function securityHeaders(options: SecurityHeadersOptions = {}): MiddlewareHandler {
  const hsts = options.publicUrl?.startsWith('https:') ?? false;
  return async function securityHeadersMiddleware(c, next) {
    await next();
    const headers = c.res.headers;
    headers.set('X-Content-Type-Options', 'nosniff');
    const audience = audienceOf(c.req.path);
    if (audience === 'ingest') return;
    if (audience === 'widget') {
      headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
      return;
    }
    headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
    if (hsts) headers.set('Strict-Transport-Security', HSTS);
    if (audience === 'other') return;
    headers.set('Content-Security-Policy', audience === 'dashboard' ? DASHBOARD_CSP : API_CSP);
    headers.set('X-Frame-Options', 'DENY');
    headers.set('Permissions-Policy', PERMISSIONS_POLICY);
    headers.set('Cross-Origin-Opener-Policy', 'same-origin');
    headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  };
}
