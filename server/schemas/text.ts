import { z } from 'zod';

/** Options of {@link text}. */
export interface TextOptions {
  /** Fewest characters (default 0). */
  min?: number;
  max: number;
  /** Leading and trailing white space is dropped before counting (names, origins). */
  trim?: boolean;
}

/**
 * A string of `min`–`max` characters. zod counts code points, as JSON Schema's minLength and
 * maxLength do, so the document states exactly the limits enforced; a trimmed string that must not
 * be empty also gets the pattern that says "not only white space".
 */
export function text({ min = 0, max, trim = false }: TextOptions) {
  const base = trim ? z.string().trim() : z.string();
  const bounded = (
    min > 0 ? base.min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`) : base
  ).max(max, `must be at most ${max} characters`);
  return trim && min > 0 ? bounded.meta({ pattern: '\\S' }) : bounded;
}
