/** Reading parsed JSON (a server's answer, stored data, a page's JSON-LD) without trusting its shape. */

/** `value[key]` when `value` is an object (or array), else undefined. */
export function prop(value: unknown, key: string | number): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
}

/** `value` when it is a string, else ''. */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
