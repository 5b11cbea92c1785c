/** Report ids: UUID v4, the idempotency key of every retry. */

/**
 * A random UUID v4 from getRandomValues: `crypto.randomUUID` exists only in secure contexts, and
 * plenty of news pages are still served over plain http. In the template, `4` is the version
 * nibble, `8` the variant's (10xx, so 8 to b), every `0` a random nibble.
 */
export function uuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let i = 0;
  return '00000000-0000-4000-8000-000000000000'.replace(/[08]/g, (c) =>
    (+c | ((bytes[i++] ?? 0) & (c === '8' ? 3 : 15))).toString(16),
  );
}
