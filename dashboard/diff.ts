/**
 * A small inline diff between a reader's selection and their correction: word-level, refined to
 * characters where one word replaced another similar word (`recieved` → `received`).
 * Inputs are capped by the wire format (1000 characters), so a quadratic LCS is cheap enough.
 */

/** One run of a diff: text kept, removed from the selection, or added by the correction. */
export interface DiffPart {
  type: 'same' | 'del' | 'ins';
  text: string;
}

/** A changed word is shown letter by letter only when at least this share of its letters survive. */
const CHAR_DIFF_MIN_SIMILARITY = 0.5;

/** Words, runs of whitespace and single punctuation marks, so `word,` diffs as `word` + `,`. */
function tokenize(text: string): string[] {
  return text.match(/[\p{L}\p{N}\p{M}'’]+|\s+|./gu) ?? [];
}

/** Appends a part, merging it into the last one when both are of the same type. */
function appendPart(parts: DiffPart[], part: DiffPart): void {
  const last = parts[parts.length - 1];
  if (last && last.type === part.type) last.text += part.text;
  else parts.push({ ...part });
}

/** Longest-common-subsequence diff of two token lists, merged into runs. */
function diffTokens(a: readonly string[], b: readonly string[]): DiffPart[] {
  const width = b.length + 1;
  const table = new Uint16Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * width + j] =
        a[i] === b[j]
          ? (table[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(table[(i + 1) * width + j] ?? 0, table[i * width + j + 1] ?? 0);
    }
  }
  const parts: DiffPart[] = [];
  const push = (type: DiffPart['type'], text: string) => appendPart(parts, { type, text });
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      push('same', a[i++] ?? '');
      j++;
    } else if (
      j >= b.length ||
      (i < a.length && (table[(i + 1) * width + j] ?? 0) >= (table[i * width + j + 1] ?? 0))
    ) {
      push('del', a[i++] ?? '');
    } else {
      push('ins', b[j++] ?? '');
    }
  }
  return parts;
}

function similarity(parts: readonly DiffPart[], a: string, b: string): number {
  const kept = parts.filter((part) => part.type === 'same').reduce((sum, part) => sum + part.text.length, 0);
  return kept / Math.max(a.length, b.length, 1);
}

/**
 * The diff from `before` to `after`. A deletion directly followed by an insertion, each a single
 * word, is refined into a character diff when the words are alike.
 */
export function diffText(before: string, after: string): DiffPart[] {
  const words = diffTokens(tokenize(before), tokenize(after));
  const out: DiffPart[] = [];
  for (let k = 0; k < words.length; k++) {
    const part = words[k];
    const next = words[k + 1];
    if (part?.type === 'del' && next?.type === 'ins' && !/\s/.test(part.text + next.text)) {
      const chars = diffTokens(Array.from(part.text), Array.from(next.text));
      if (similarity(chars, part.text, next.text) >= CHAR_DIFF_MIN_SIMILARITY) {
        for (const char of chars) appendPart(out, char);
        k++;
        continue;
      }
    }
    if (part) appendPart(out, part);
  }
  return out;
}
