import type { Spelling } from '../../contract/api.js';

/** Most suggestions stored with a group (DESIGN "Triage help"). */
export const MAX_SUGGESTIONS = 5;
/** Words of a selection checked at most: a long selection is not a typo report's usual shape. */
export const MAX_WORDS = 30;
/** Longer words get no suggestions: Hunspell's suggestion search grows fast with length. */
export const MAX_SUGGESTED_LENGTH = 30;

/** A word: letters and combining marks, with inner apostrophes or hyphens ("don't", "e-mail"). */
const WORD = /[\p{L}\p{M}]+(?:['\u2019-][\p{L}\p{M}]+)*/gu;

/** The words of a selection, with typographic apostrophes as the dictionaries spell them. */
export function wordsOf(text: string): { word: string; index: number }[] {
  return [...text.matchAll(WORD)].slice(0, MAX_WORDS).map((m) => ({
    word: m[0].replaceAll('\u2019', "'"),
    index: m.index,
  }));
}

/** What the checker needs from a Hunspell dictionary. */
export interface WordChecker {
  correct(word: string): boolean;
  suggest(word: string): string[];
}

/**
 * The verdict on a selection: known when every word is; suggestions are the selection with its
 * first unknown word replaced by the dictionary's best corrections, so "has recieved" suggests
 * "has received". No words at all (digits, punctuation) counts as known.
 */
export function checkText(dictionary: WordChecker, text: string): Spelling {
  const unknown = wordsOf(text).find(({ word }) => !dictionary.correct(word));
  if (!unknown) return { known: true, suggestions: [] };
  const raw = text.slice(unknown.index).match(WORD)?.[0] ?? unknown.word;
  const corrections =
    unknown.word.length > MAX_SUGGESTED_LENGTH
      ? []
      : dictionary.suggest(unknown.word).slice(0, MAX_SUGGESTIONS);
  const suggestions = corrections.map(
    (c) => text.slice(0, unknown.index) + c + text.slice(unknown.index + raw.length),
  );
  return { known: false, suggestions: [...new Set(suggestions)] };
}
