/**
 * Checks for reader-supplied strings, shared by the report schema: what the wire format forbids
 * (lone surrogates, control characters) and how long a string is in the unit the limits use.
 */

/** A high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** C0 and C1 controls and DEL, except tab and line feed, which a comment may contain. */
const CONTROL_EXCEPT_TAB_NEWLINE = /[^\P{Cc}\t\n]/u;
/** Every control character: single-line fields (url, title, lang, keys) have no use for any. */
const ANY_CONTROL = /\p{Cc}/u;

/** Whether `value` contains a UTF-16 surrogate that is not half of a pair (not valid Unicode text). */
export function hasLoneSurrogate(value: string): boolean {
  return LONE_SURROGATE.test(value);
}

/** Whether `value` contains a control character; `multiline` allows tab and line feed. */
export function hasControlCharacter(value: string, multiline: boolean): boolean {
  return (multiline ? CONTROL_EXCEPT_TAB_NEWLINE : ANY_CONTROL).test(value);
}

/**
 * Length in Unicode code points. Limits count characters as a reader sees them more closely than
 * UTF-16 units do, and a code point count never exceeds the `.length` a widget may have cut to,
 * so text the widget trimmed to a limit always passes.
 */
export function characterCount(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}
