/**
 * The spelling worker thread: Hunspell checks (server/spelling/hunspell.ts) off the event loop
 * that serves requests, since a suggestion search takes tens of milliseconds and more.
 * Dictionaries load on first use per language; the least recently used is disposed of past
 * MAX_LOADED.
 */
import { parentPort } from 'node:worker_threads';
import { type Dictionary, openDictionary } from './hunspell.js';
import type { SpellingLanguage } from './languages.js';
import { SpellRequestSchema, type SpellResponse } from './protocol.js';
import { checkText } from './words.js';

/** Dictionaries held at once. */
const MAX_LOADED = 4;

const loaded = new Map<SpellingLanguage, Promise<Dictionary>>();

function dictionary(language: SpellingLanguage): Promise<Dictionary> {
  let entry = loaded.get(language);
  if (entry) {
    loaded.delete(language);
  } else {
    entry = openDictionary(language);
    entry.catch(() => loaded.delete(language));
  }
  loaded.set(language, entry);
  for (const [oldest, evicted] of loaded) {
    if (loaded.size <= MAX_LOADED) break;
    loaded.delete(oldest);
    evicted.then(
      (d) => d.dispose(),
      () => {},
    );
  }
  return entry;
}

parentPort?.on('message', async (message: unknown) => {
  const parsed = SpellRequestSchema.safeParse(message);
  if (!parsed.success) return;
  const { id, language, text } = parsed.data;
  let answer: SpellResponse;
  try {
    answer = { id, spelling: checkText(await dictionary(language), text) };
  } catch (error) {
    answer = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(answer);
});
