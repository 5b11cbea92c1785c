import { Hono } from 'hono';
import { z } from 'zod';
import { findAddressee, setEmailChoice } from '../db/queries/email.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { escapeHtml } from '../mail/escape.js';
import { verifyUnsubscribeToken } from '../mail/unsubscribe.js';
import { UnsubscribeParams } from '../schemas/notifications.js';
import { route } from './route.js';

const GONE = 'This unsubscribe link is not valid.';

/** A small page of our own: no script, no inline style (the CSP allows neither). */
function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1>
${body}
</main></body></html>`;
}

/** The member and site a link names, or 404 (a forged link and a deleted site answer alike). */
async function addressee(deps: AppDeps, token: string) {
  const signed = await verifyUnsubscribeToken(deps.db, token);
  if (!signed) throw new ApiError('not_found', GONE);
  const found = await findAddressee(deps.db, signed.siteId, signed.userId);
  if (!found) throw new ApiError('not_found', GONE);
  return { ...signed, ...found };
}

/**
 * `/v1/unsubscribe/:token`: the signed link of every mail's List-Unsubscribe header. POST is RFC
 * 8058's one-click unsubscribe (what mail clients send); GET shows a page with the same button, as
 * following a link must not change anything (link checkers and previews open them).
 */
export function unsubscribeRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  const html = {
    description: 'A page for the person who opened the link.',
    schema: z.string(),
    mediaType: 'text/html',
  };

  route(
    app,
    deps,
    {
      method: 'get',
      path: '/v1/unsubscribe/:token',
      summary: 'The page of an unsubscribe link: who and what, and a button that turns the mails off.',
      tags: ['notifications'],
      auth: 'public',
      params: UnsubscribeParams,
      responses: { 200: html },
      errors: ['not_found'],
    },
    async (c, { params }) => {
      const who = await addressee(deps, params.token);
      c.header('Cache-Control', 'no-store');
      return c.html(
        page(
          'Stop these mails?',
          `<p>Misprint mails ${escapeHtml(who.email)} about new reports on ${escapeHtml(who.siteName)}.</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Stop e-mail about ${escapeHtml(who.siteName)}</button></form>`,
        ),
      );
    },
  );

  route(
    app,
    deps,
    {
      method: 'post',
      path: '/v1/unsubscribe/:token',
      summary: 'One-click unsubscribe (RFC 8058): turns e-mail off for the member and site of the link.',
      description:
        'Mail clients send `List-Unsubscribe=One-Click` as a form body; the signed token is what ' +
        'counts, so the body is not read. Idempotent.',
      tags: ['notifications'],
      auth: 'public',
      params: UnsubscribeParams,
      responses: { 200: html },
      errors: ['not_found'],
    },
    async (c, { params }) => {
      const who = await addressee(deps, params.token);
      await setEmailChoice(deps.db, {
        siteId: who.siteId,
        userId: who.userId,
        email: 'off',
        now: deps.now(),
      });
      deps.logger.info('e-mail turned off by an unsubscribe link', { site: who.siteId, user: who.userId });
      c.header('Cache-Control', 'no-store');
      return c.html(
        page(
          'E-mail is off',
          `<p>Misprint no longer mails ${escapeHtml(who.email)} about ${escapeHtml(who.siteName)}.
You can turn it on again in the site’s settings in the dashboard.</p>`,
        ),
      );
    },
  );

  return app;
}
