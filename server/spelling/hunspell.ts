/**
 * Hunspell itself, compiled to WebAssembly (hunspell-asm), over the `dictionary-*` packages. It
 * reads each dictionary as Hunspell does: about a second and a few dozen megabytes per language,
 * where nspell (a JavaScript re-implementation, tried first) took minutes and hundreds of
 * megabytes for French, Polish or Ukrainian and never finished loading Italian, because it expands
 * every affix rule up front (wooorm/nspell#9).
 */
import { type HunspellFactory, loadModule } from 'hunspell-asm';
import { loadDictionaryFiles, type SpellingLanguage } from './languages.js';
import type { WordChecker } from './words.js';

/** A loaded dictionary; `dispose` frees its WebAssembly memory. */
export interface Dictionary extends WordChecker {
  dispose(): void;
}

let engine: Promise<HunspellFactory> | undefined;

/** Loads a language's dictionary (compiling the engine once per thread). */
export async function openDictionary(language: SpellingLanguage): Promise<Dictionary> {
  engine ??= loadModule();
  const factory = await engine;
  const files = await loadDictionaryFiles(language);
  const aff = factory.mountBuffer(files.aff, `${language}.aff`);
  const dic = factory.mountBuffer(files.dic, `${language}.dic`);
  try {
    const hunspell = factory.create(aff, dic);
    return {
      correct: (word) => hunspell.spell(word),
      suggest: (word) => hunspell.suggest(word),
      dispose: () => hunspell.dispose(),
    };
  } finally {
    // Hunspell has read both files into its own structures; the mounted copies are not needed.
    factory.unmount(aff);
    factory.unmount(dic);
  }
}
