/**
 * CSV as RFC 4180 writes it (comma separated, CRLF line ends, fields with a comma, quote, CR or LF
 * quoted, quotes doubled), guarded against formula injection: spreadsheet programs run a cell that
 * begins with `=`, `+`, `-` or `@` (and some strip a leading tab or carriage return first), so such a
 * cell gets a leading `'`, which they show as text (OWASP "CSV Injection").
 */

/** UTF-8's byte order mark: without it Excel reads a UTF-8 file in the system's legacy code page. */
export const BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: empty for null, the text guarded and quoted as needed. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF-terminated. */
export function csvRecord(values: readonly (string | number | null)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
