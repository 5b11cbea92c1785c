/**
 * The spelling worker thread: Hunspell checks (nspell) off the event loop that serves requests,
 * since loading a dictionary takes seconds and a suggestion search tens of milliseconds or more.
 * Dictionaries load on first use per language; the least recently used is dropped past
 * MAX_LOADED, as a few of them take hundreds of megabytes once expanded.
 */
import { parentPort } from 'node:worker_threads';
import nspell from 'nspell';
import { loadDictionaryFiles, type SpellingLanguage } from './languages.js';
import { SpellRequestSchema, type SpellResponse } from './protocol.js';
import { checkText, type WordChecker } from './words.js';

/** Dictionaries held at once. */
const MAX_LOADED = 4;

const loaded = new Map<SpellingLanguage, Promise<WordChecker>>();

function dictionary(language: SpellingLanguage): Promise<WordChecker> {
  let entry = loaded.get(language);
  if (entry) {
    loaded.delete(language);
  } else {
    entry = loadDictionaryFiles(language).then((files) =>
      nspell(Buffer.from(files.aff), Buffer.from(files.dic)),
    );
    entry.catch(() => loaded.delete(language));
  }
  loaded.set(language, entry);
  for (const oldest of loaded.keys()) {
    if (loaded.size <= MAX_LOADED) break;
    loaded.delete(oldest);
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
