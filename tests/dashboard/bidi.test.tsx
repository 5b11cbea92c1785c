/**
 * Bidi controls in reader text stay inside their own isolate (dashboard/bidi.ts): an unclosed
 * RIGHT-TO-LEFT OVERRIDE in a comment, title, URL or page metadata cannot reorder the dashboard's
 * own words around it.
 */
import { render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { BIDI_CONTROLS, textDirection } from '../../dashboard/bidi.js';
import { QuoteInContext } from '../../dashboard/components/QuoteInContext.js';
import { ReportCard } from '../../dashboard/components/ReportCard.js';
import { installFakeApi, ME, makeReport, makeSite, ok } from './fake-api.js';
import { renderAt } from './render-app.js';

const RLO = '\u202E';
const hostile = makeReport(1, {
  id: 'r1',
  title: `${RLO}Budget news`,
  url: `https://news.example/${RLO}gpj.exe`,
  quote: { exact: `rec${RLO}ieved`, prefix: `the council ${RLO}has `, suffix: ` the budget\u2066` },
  suggestion: `received${RLO}`,
  comment: `${RLO}spelling, see above`,
  author: `Jane ${RLO}Roe`,
  section: `Politics\u2067`,
  siteName: `News${RLO}`,
});

/** Every text node of `root` that holds a bidi control. */
function controlledTextNodes(root: Element): Text[] {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const found: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node instanceof Text && BIDI_CONTROLS.test(node.data)) found.push(node);
  }
  return found;
}

/** Asserts that each piece of reader text with a control sits in a <bdi> holding only that text. */
function expectIsolated(root: Element, expectedPieces: number): void {
  const nodes = controlledTextNodes(root);
  expect(nodes.length).toBeGreaterThanOrEqual(expectedPieces);
  for (const node of nodes) {
    const isolate = node.parentElement?.closest('bdi');
    // The screen-reader copy of a correction sits in the correction's own isolate.
    expect(isolate, JSON.stringify(node.data)).not.toBeNull();
    expect(isolate?.textContent?.includes('by ')).toBe(false);
  }
}

describe('reader text in its own bidi isolate', () => {
  it('isolates every reader string of an inbox card, and none of the card’s own words', () => {
    const { container } = render(
      <ReportCard
        report={hostile}
        cmsUrlTemplate={null}
        focused={false}
        selected={false}
        canTriage={true}
        showSite={true}
        meId={ME.user.id}
        now={Date.now()}
        onFocus={() => {}}
        onToggle={() => {}}
        onStatus={() => {}}
        onAssign={() => {}}
      />,
    );
    const card = container.querySelector('article');
    if (!card) throw new Error('no card');
    // Title, site, prefix, exact, suffix, correction (twice: shown and for screen readers), comment,
    // URL, author, section.
    expectIsolated(card, 10);
    const byline = card.querySelector('.byline');
    expect(byline?.firstChild?.textContent).not.toMatch(BIDI_CONTROLS);
    expect([...(byline?.childNodes ?? [])].some((n) => n.nodeName === 'BDI')).toBe(true);
    expect(card.querySelector('.comment bdi')?.textContent).toBe(hostile.comment);
    expect(card.querySelector('bdi.url')?.textContent).toBe(hostile.url);
  });

  it('isolates the parts of a quote separately, in the quote’s own direction', () => {
    const { container } = render(
      <QuoteInContext quote={{ prefix: 'הוועדה ', exact: `קיבלה${RLO}`, suffix: ' את התקציב' }} />,
    );
    const quote = container.querySelector('blockquote');
    expect(quote?.getAttribute('dir')).toBe('rtl');
    expect([...(quote?.querySelectorAll('bdi') ?? [])].map((b) => b.textContent)).toEqual([
      'הוועדה ',
      `קיבלה${RLO}`,
      ' את התקציב',
    ]);
    expect(quote?.querySelector('mark > bdi')?.textContent).toBe(`קיבלה${RLO}`);
  });

  it('isolates reader strings on the report page too', async () => {
    installFakeApi()
      .on('GET /me', () => ok(ME))
      .on('GET /reports/:id', () => ok({ ...hostile, events: [] }))
      .on('GET /sites/:id', () => ok(makeSite('editor')));
    renderAt('/reports/r1');
    const heading = await screen.findByRole('heading', { level: 2 });
    expect(heading.querySelector('bdi')?.textContent).toBe(hostile.title);
    const main = document.querySelector('main');
    if (!main) throw new Error('no main');
    expectIsolated(main, 8);
  });

  it('reads a text’s direction from its first letter', () => {
    expect(textDirection('recieved')).toBe('ltr');
    expect(textDirection('  «קיבלה»')).toBe('rtl');
    expect(textDirection('2026: تقرير')).toBe('rtl');
    expect(textDirection('12 34')).toBe('ltr');
  });
});
