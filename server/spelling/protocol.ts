/**
 * Messages between the spelling worker and the process that owns it, validated on both sides:
 * a worker's messages are a boundary like any other.
 */
import { z } from 'zod';
import { SPELLING_LANGUAGES } from './languages.js';

/** Check `text` with the dictionary of `language`. */
export const SpellRequestSchema = z.object({
  id: z.number().int(),
  language: z.enum(SPELLING_LANGUAGES),
  text: z.string(),
});
/** A request to the worker. */
export type SpellRequest = z.output<typeof SpellRequestSchema>;

/** The verdict, or why there is none. */
export const SpellResponseSchema = z.union([
  z.object({
    id: z.number().int(),
    spelling: z.object({ known: z.boolean(), suggestions: z.array(z.string()) }),
  }),
  z.object({ id: z.number().int(), error: z.string() }),
]);
/** A worker's answer. */
export type SpellResponse = z.output<typeof SpellResponseSchema>;
