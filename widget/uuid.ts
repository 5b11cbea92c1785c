/** Report ids: UUID v4, the idempotency key of every retry. */

/**
 * A random UUID v4 from getRandomValues: `crypto.randomUUID` exists only in secure contexts, and
 * plenty of news pages are still served over plain http.
 */
export function uuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(31));
  let i = 0;
  // Version nibble 4; variant bits 10xx; every other nibble random.
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const n = (bytes[i++] ?? 0) & 15;
    return (c === 'x' ? n : (n & 3) | 8).toString(16);
  });
}
