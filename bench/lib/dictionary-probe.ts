/**
 * One dictionary in a fresh process, for bench/triage.ts: how long it takes to load, what it
 * costs in memory, and how many checks a second it answers. Run with `node --expose-gc --import
 * tsx bench/lib/dictionary-probe.ts <language>`; prints one JSON line.
 */
import { openDictionary } from '../../server/spelling/hunspell.js';
import { SPELLING_LANGUAGES } from '../../server/spelling/languages.js';
import { checkText } from '../../server/spelling/words.js';

/** A correctly spelt word and a misspelling of it, per language. */
const SAMPLES: Record<string, [string, string]> = {
  en: ['received', 'recieved'],
  de: ['Straße', 'Strasse'],
  fr: ['reçu', 'recu'],
  es: ['recibido', 'recivido'],
  it: ['ricevuto', 'ricevutto'],
  pt: ['recebido', 'recebidu'],
  pl: ['otrzymać', 'otrzymac'],
  ru: ['привет', 'превет'],
  uk: ['привіт', 'прывіт'],
};

function collect(): number {
  if (typeof globalThis.gc === 'function') globalThis.gc();
  return process.memoryUsage().heapUsed;
}

/** Calls per second of `fn` over about `ms` milliseconds. */
function rate(fn: () => void, ms: number): number {
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    fn();
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}

const language = SPELLING_LANGUAGES.find((l) => l === process.argv[2]);
if (!language) throw new Error(`usage: dictionary-probe.ts <${SPELLING_LANGUAGES.join('|')}>`);
const [good, bad] = SAMPLES[language] ?? ['', ''];
const heapBefore = collect();
const rssBefore = process.memoryUsage().rss;
const started = performance.now();
const dictionary = await openDictionary(language);
const loadMs = performance.now() - started;
// Hunspell's memory is WebAssembly's (outside the JS heap): the resident set tells what it costs.
const heapMiB = (collect() - heapBefore) / 2 ** 20;
const rssMiB = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
const knownPerSecond = rate(() => checkText(dictionary, good), 1000);
const unknownPerSecond = rate(() => checkText(dictionary, bad), 2000);
console.log(JSON.stringify({ language, loadMs, heapMiB, rssMiB, knownPerSecond, unknownPerSecond }));
