import { createHash } from 'node:crypto';

/**
 * The `/demo` page: an invented local-news article with deliberate misspellings, so a newcomer can
 * try the whole loop (select, Ctrl+Enter, send, triage in the dashboard) on the server itself.
 * The text is original to Misprint. Each deliberate typo is listed in {@link DEMO_TYPOS}.
 */

/** The misspellings planted in the article, for tests and for whoever edits the text. */
export const DEMO_TYPOS = [
  'recieved',
  'goverment',
  'accomodate',
  'untill',
  'definately',
  'seperate',
  'teh',
] as const;

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const ARTICLE = `
<article>
  <p class="kicker">Local news · Saltmere</p>
  <h1>Saltmere keeps its night ferry after a year of petitions</h1>
  <p class="byline">By the Saltmere Courier newsroom · 4 min read</p>
  <p>The last ferry of the day will keep sailing from Saltmere harbour at 23:40, the island council
  decided on Tuesday evening. The council had recieved more than 2,300 signatures since the operator
  warned last spring that the late crossing lost money on every trip outside the summer season.</p>
  <p>"Nurses, bakers and hotel staff finish work long after the evening boat has gone," said Ines
  Morrow, who started the petition from her kitchen table. "Without the night ferry they would have
  to sleep on the mainland or give up their jobs."</p>
  <h2>Who pays</h2>
  <p>Under the agreement, the regional goverment will cover a third of the running costs for three
  years, the operator a third, and the island the rest from its harbour fees. The operator says the
  smaller of its two vessels can accomodate the late passengers, which saves fuel in winter.</p>
  <p>Fares will stay at their current level untill at least the spring timetable change. Season
  tickets for shift workers, a demand of the petition, will be studied by a working group that reports
  in March.</p>
  <h2>What changes for passengers</h2>
  <p>The crossing will definately take ten minutes longer, because the smaller boat is slower in a
  head wind. Cyclists will have a seperate boarding lane from next month, and the waiting room on the
  pier will stay open until teh last departure.</p>
  <p>Council members praised the campaign for its patience. The harbour master, asked whether the
  night boat might one day run every hour, laughed: "One thing at a time."</p>
</article>`;

const STYLE = `
  body { font: 18px/1.6 Georgia, 'Times New Roman', serif; margin: 0; color: #1d1d1f; background: #fbfaf7; }
  main { max-width: 40rem; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
  .kicker { font: 600 0.8rem/1.2 system-ui, sans-serif; letter-spacing: 0.08em; text-transform: uppercase; color: #8a3b12; }
  h1 { font-size: 2rem; line-height: 1.2; margin: 0.3rem 0 0.5rem; }
  .byline { font: 0.9rem system-ui, sans-serif; color: #555; }
  .help { font: 0.95rem/1.5 system-ui, sans-serif; background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: 0.9rem 1.1rem; margin-bottom: 2rem; }
  .help a { color: #0b57d0; }
  kbd { font: 0.85em ui-monospace, monospace; border: 1px solid #bbb; border-radius: 4px; padding: 0 0.3em; background: #f4f4f4; }
`;

/**
 * The demo page's Content-Security-Policy: what a strict news site would send. The widget needs
 * only `script-src` and `connect-src` for our origin; the page's own style block is allowed by its
 * hash, so nothing inline runs and no other origin is reachable.
 */
export const DEMO_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Renders the demo page for the site whose key the embedded widget sends reports to. */
export function renderDemoPage(input: { siteKey: string; siteName: string }): string {
  const key = escapeHtml(input.siteKey);
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Saltmere keeps its night ferry · Misprint demo</title>
  <link rel="icon" href="data:,">
  <style>${STYLE}</style>
</head>
<body>
<main>
  <aside class="help" data-misprint-ignore>
    <strong>Misprint demo</strong> (site “${escapeHtml(input.siteName)}”). This article has a few
    deliberate spelling mistakes.
    <span data-misprint-hint>Select one and press <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
    (<kbd>⌘</kbd>+<kbd>Enter</kbd> on a Mac; on a phone, tap the button that appears).</span>
    Then see the report in the <a href="/app/">dashboard</a>.
  </aside>
${ARTICLE}
</main>
<script src="/widget.js" data-site="${key}" async></script>
</body>
</html>
`;
}
