/**
 * The page metadata reader on markup real news sites publish: Yoast's `@graph`, plain NewsArticle,
 * author arrays and references, meta tags only, nothing at all, and JSON-LD that does not parse.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pageMeta } from '../../widget/meta.js';

/** A document whose head holds `head`. */
function doc(head: string): Document {
  return new DOMParser().parseFromString(
    `<!doctype html><html><head>${head}</head><body></body></html>`,
    'text/html',
  );
}

function ld(value: unknown): string {
  return `<script type="application/ld+json">${typeof value === 'string' ? value : JSON.stringify(value)}</script>`;
}

/** Yoast SEO's graph: the Article names its author by reference and by name, sections as a list. */
const yoast = (
  author: unknown = { name: 'Jane Roe', '@id': 'https://news.example/#/schema/person/1a2b' },
) => ({
  '@context': 'https://schema.org',
  '@graph': [
    {
      '@type': 'WebPage',
      '@id': 'https://news.example/2026/budget/',
      url: 'https://news.example/2026/budget/',
      name: 'Council passes the budget - The Courier',
      datePublished: '2026-11-19T00:00:00+00:00',
    },
    {
      '@type': 'Article',
      '@id': 'https://news.example/2026/budget/#article',
      isPartOf: { '@id': 'https://news.example/2026/budget/' },
      author,
      headline: 'Council passes the budget',
      datePublished: '2026-11-20T08:00:00+00:00',
      dateModified: '2026-11-20T09:12:00+00:00',
      articleSection: ['Politics', 'Local'],
      inLanguage: 'en-US',
    },
    {
      '@type': 'Person',
      '@id': 'https://news.example/#/schema/person/1a2b',
      name: 'Jane Roe',
      url: 'https://news.example/author/jane/',
    },
  ],
});

afterEach(() => {
  document.head.innerHTML = '';
});

describe('pageMeta', () => {
  it('reads a Yoast-style @graph, skipping the WebPage for the Article', () => {
    expect(pageMeta(doc(ld(yoast())))).toEqual({
      author: 'Jane Roe',
      section: 'Politics',
      published: '2026-11-20T08:00:00+00:00',
    });
  });

  it('follows an author given only by reference to a Person in the graph', () => {
    const graph = yoast({ '@id': 'https://news.example/#/schema/person/1a2b' });
    expect(pageMeta(doc(ld(graph)))?.author).toBe('Jane Roe');
  });

  it('reads a plain NewsArticle with an array of authors, taking the first', () => {
    const article = {
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: 'Ferry keeps sailing',
      author: [
        { '@type': 'Person', name: 'Ines Morrow' },
        { '@type': 'Person', name: 'Tom Hale' },
      ],
      articleSection: 'Local',
      datePublished: '2026-03-02T06:30:00Z',
    };
    expect(pageMeta(doc(ld(article)))).toEqual({
      author: 'Ines Morrow',
      section: 'Local',
      published: '2026-03-02T06:30:00Z',
    });
  });

  it('takes authors given as strings, types given as lists or IRIs, and BlogPosting', () => {
    const cases = [
      { '@type': ['NewsArticle', 'Article'], author: 'Jane Roe' },
      { '@type': 'https://schema.org/ReportageNewsArticle', author: ['Jane Roe', 'Tom Hale'] },
      { '@type': 'BlogPosting', author: { '@type': 'Person', name: ['Jane Roe'] } },
    ];
    for (const article of cases)
      expect(pageMeta(doc(ld(article))), JSON.stringify(article)).toEqual({ author: 'Jane Roe' });
  });

  it('finds the article as a WebPage’s mainEntity, or in a list of blocks', () => {
    const nested = {
      '@type': 'WebPage',
      mainEntity: { '@type': 'NewsArticle', author: { name: 'Jane Roe' } },
    };
    expect(pageMeta(doc(ld(nested)))?.author).toBe('Jane Roe');
    const list = [
      { '@type': 'Organization', name: 'The Courier' },
      { '@type': 'Article', author: 'Jane Roe' },
    ];
    expect(pageMeta(doc(ld(list)))?.author).toBe('Jane Roe');
  });

  it('reads the meta tags when the page has no JSON-LD', () => {
    const head = `
      <meta name="author" content="Jane Roe">
      <meta property="article:section" content="Politics">
      <meta property="article:published_time" content="2026-11-20T08:00:00Z">`;
    expect(pageMeta(doc(head))).toEqual({
      author: 'Jane Roe',
      section: 'Politics',
      published: '2026-11-20T08:00:00Z',
    });
  });

  it('takes article:author only when it is a name, not a profile URL', () => {
    expect(pageMeta(doc('<meta property="article:author" content="Jane Roe">'))).toEqual({
      author: 'Jane Roe',
    });
    expect(
      pageMeta(doc('<meta property="article:author" content="https://www.facebook.com/jane.roe">')),
    ).toBeUndefined();
  });

  it('fills what the JSON-LD leaves out from the meta tags', () => {
    const head = `${ld({ '@type': 'NewsArticle', author: 'Jane Roe' })}
      <meta name="author" content="Someone Else"><meta property="article:section" content="Politics">`;
    expect(pageMeta(doc(head))).toEqual({ author: 'Jane Roe', section: 'Politics' });
  });

  it('says nothing for a page that says nothing, omitting absent fields', () => {
    expect(pageMeta(doc('<title>Budget</title>'))).toBeUndefined();
    const some = pageMeta(doc('<meta property="article:section" content="Sport">'));
    expect(some).toEqual({ section: 'Sport' });
    expect(Object.keys(some ?? {})).toEqual(['section']);
  });

  it('never throws on malformed JSON-LD, and still reads the meta tags', () => {
    const head = `
      ${ld('{"@type": "NewsArticle", "author": {"name": "Jane Roe"},}')}
      ${ld('null')}${ld('42')}${ld('"text"')}${ld('')}
      ${ld({ '@graph': 'not a list', author: 7, '@type': 12 })}
      ${ld({ '@type': 'NewsArticle', author: { name: { first: 'Jane' } }, articleSection: [[]] })}
      <meta name="author" content="Jane Roe">`;
    expect(() => pageMeta(doc(head))).not.toThrow();
    expect(pageMeta(doc(head))).toEqual({ author: 'Jane Roe' });
  });

  it('collapses white space, drops control characters and keeps each field to 200 characters', () => {
    const long = `${'é'.repeat(199)}😀😀`;
    const meta = pageMeta(
      doc(
        ld({ '@type': 'Article', author: '  Jane\n\t Roe\u0007 ', articleSection: long, datePublished: '' }),
      ),
    );
    expect(meta?.author).toBe('Jane Roe');
    expect(Array.from(meta?.section ?? '')).toHaveLength(200);
    expect(meta?.section?.endsWith('é😀')).toBe(true);
    expect(meta).not.toHaveProperty('published');
  });

  it('reads the current document by default', () => {
    document.head.innerHTML = '<meta name="author" content="Jane Roe">';
    expect(pageMeta()).toEqual({ author: 'Jane Roe' });
  });
});
