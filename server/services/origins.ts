/**
 * The canonical form of a web origin (`https://news.example`, `http://localhost:3000`): scheme, host
 * and non-default port, lower-cased, nothing else. Null for anything that is not an http(s) origin.
 */
export function normaliseOrigin(value: string): string | null {
  if (!URL.canParse(value)) return null;
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password) return null;
  return url.origin;
}
