/**
 * Reader text in a left-to-right dashboard. Bidi controls in a report (U+202E RIGHT-TO-LEFT
 * OVERRIDE and its kin, Unicode TR9) would otherwise reorder whatever follows them on the line,
 * the dashboard's own words included ("Trojan Source"): every reader string is shown in its own
 * isolate (`<bdi>`, components/ReaderText.tsx), where an unclosed override ends at the isolate.
 */

/** The explicit directional formatting characters: embeddings, overrides, isolates and their ends. */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;

/** Scripts written right to left. */
const RTL =
  /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}]/u;

/**
 * The direction of a text by its first letter (the rule of `dir="auto"`, which would skip the
 * isolates a quote is split into): `rtl` for Hebrew, Arabic and the other right-to-left scripts.
 */
export function textDirection(text: string): 'ltr' | 'rtl' {
  const first = /\p{L}/u.exec(text)?.[0];
  return first !== undefined && RTL.test(first) ? 'rtl' : 'ltr';
}
