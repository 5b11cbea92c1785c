/**
 * What the page says about itself, for the report's `page` (docs/contract.md, "Reports"): author, section
 * and publication time, which route the report to the right desk. Read when a report is sent, in
 * the dialog chunk (the loader has no bytes for it). Real pages are messy, so nothing here throws.
 */
import { LIMITS, type PageMeta } from '../contract/report.js';

/** schema.org types of an article: Article, BlogPosting, NewsArticle and its kinds (ReportageNewsArticle…). */
const ARTICLE_TYPE = /^(Article|BlogPosting|\w*NewsArticle)$/;
type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * A field's text: white space, control characters and broken surrogates (which the server refuses)
 * collapsed to one space, at most LIMITS.pageFieldMax characters, never empty.
 */
function field(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const chars = Array.from(value.replace(/[\s\p{Cc}\p{Cs}]+/gu, ' ').trim());
  return chars.slice(0, LIMITS.pageFieldMax).join('') || undefined;
}

/** Whether a node's `@type` (a name, an IRI like `https://schema.org/NewsArticle`, or a list) is an article. */
function isArticle(node: Node): boolean {
  const types: unknown[] = [node['@type']].flat();
  return types.some((type) => typeof type === 'string' && ARTICLE_TYPE.test(type.split(/[/:#]/).pop() ?? ''));
}

/**
 * Every object node of a JSON-LD value: arrays, `@graph` and `mainEntity` are looked into. Parsed
 * JSON is a tree, so this ends; absurd nesting overflows the stack, which the caller catches.
 */
function nodesOf(value: unknown, found: Node[]): void {
  if (Array.isArray(value)) for (const item of value) nodesOf(item, found);
  else if (isNode(value)) {
    found.push(value);
    nodesOf(value['@graph'], found);
    nodesOf(value.mainEntity, found);
  }
}

/** The first author's name: a string, `{name}`, or a reference `{"@id"}` to a Person elsewhere in the graph. */
function authorName(author: unknown, nodes: readonly Node[]): string | undefined {
  const one = first(author);
  if (!isNode(one)) return field(one);
  const id = one['@id'];
  const named = one.name ?? nodes.find((node) => id !== undefined && node['@id'] === id)?.name;
  return field(first(named));
}

/** The article's fields from the page's JSON-LD blocks; a block that does not parse is skipped. */
function fromJsonLd(doc: Document): PageMeta {
  const nodes: Node[] = [];
  for (const script of doc.querySelectorAll('script[type="application/ld+json" i]')) {
    try {
      nodesOf(JSON.parse(script.textContent ?? ''), nodes);
    } catch {
      // Malformed JSON-LD is common (trailing commas, HTML entities); the meta tags may still help.
    }
  }
  const article = nodes.find(isArticle);
  if (!article) return {};
  return {
    author: authorName(article.author, nodes),
    section: field(first(article.articleSection)),
    published: field(article.datePublished),
  };
}

/** A meta tag's content, by `name` or `property` (pages use either for Open Graph's article tags). */
function metaContent(doc: Document, key: string): string | undefined {
  const selector = `meta[name="${key}" i][content],meta[property="${key}" i][content]`;
  return field(doc.querySelector<HTMLMetaElement>(selector)?.content);
}

/**
 * The page's author, section and publication time: from schema.org JSON-LD, field by field else
 * from the usual meta tags (`article:author` only when it is a name, not a profile URL).
 * Undefined when the page says none of them.
 */
export function pageMeta(doc: Document = document): PageMeta | undefined {
  const ld = fromJsonLd(doc);
  const profile = metaContent(doc, 'article:author');
  const meta: PageMeta = {
    author:
      ld.author ??
      metaContent(doc, 'author') ??
      (profile && !/^(https?:)?\/\//i.test(profile) ? profile : undefined),
    section: ld.section ?? metaContent(doc, 'article:section'),
    published: ld.published ?? metaContent(doc, 'article:published_time'),
  };
  for (const key of ['author', 'section', 'published'] as const)
    if (meta[key] === undefined) delete meta[key];
  return meta.author || meta.section || meta.published ? meta : undefined;
}
