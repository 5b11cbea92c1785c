import { describe, expect, it } from 'vitest';
import { pageUrl } from '../../widget/page.js';
import { uuid } from '../../widget/uuid.js';

describe('pageUrl', () => {
  it('uses the canonical URL when the page declares one', () => {
    document.head.innerHTML = '<link rel="canonical" href="https://news.example/budget-2027">';
    expect(pageUrl(document, 'https://news.example/budget-2027?utm_source=x&fbclid=1#comments')).toBe(
      'https://news.example/budget-2027',
    );
  });

  it('falls back to the address without its fragment', () => {
    document.head.innerHTML = '<link rel="canonical" href="javascript:alert(1)">';
    expect(pageUrl(document, 'https://news.example/a?id=7#section-2')).toBe('https://news.example/a?id=7');
    document.head.innerHTML = '';
    expect(pageUrl(document, 'https://news.example/b#x')).toBe('https://news.example/b');
  });

  it('drops the query of an address too long for the wire format', () => {
    document.head.innerHTML = '';
    expect(pageUrl(document, `https://news.example/c?q=${'x'.repeat(3000)}`)).toBe('https://news.example/c');
  });
});

describe('uuid', () => {
  it('makes distinct version-4 UUIDs', () => {
    const ids = new Set(Array.from({ length: 200 }, uuid));
    expect(ids.size).toBe(200);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
