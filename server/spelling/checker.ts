import { Worker } from 'node:worker_threads';
import type { Spelling } from '../../contract/api.js';
import { type SpellingLanguage, spellingLanguage } from './languages.js';
import { type SpellRequest, SpellResponseSchema } from './protocol.js';

/** How long an idle worker (and the dictionary it holds) stays before it is ended. */
export const SPELLING_IDLE_MS = 10 * 60 * 1000;
/** A worker's first answer includes compiling Hunspell and loading its dictionary (about a second). */
export const SPELLING_LOAD_TIMEOUT_MS = 60 * 1000;
/** Any later check, suggestions included. */
export const SPELLING_CHECK_TIMEOUT_MS = 30_000;
/** A language whose worker timed out or died is not tried again for this long (checks answer null). */
export const SPELLING_COOLDOWN_MS = 6 * 60 * 60 * 1000;
/** JavaScript heap of one language's worker (Hunspell's memory is WebAssembly's, outside it). */
const WORKER_HEAP_MB = 256;

/** Checks selections against Hunspell dictionaries in worker threads. */
export interface SpellChecker {
  /**
   * The verdict on `text` in the language of the BCP 47 tag `lang`, or null when no dictionary
   * covers that language (none given, not supported, or given up on). Rejects when the check fails
   * or `signal` aborts.
   */
  check(lang: string | null, text: string, signal?: AbortSignal): Promise<Spelling | null>;
  /** Ends every worker; a later check starts new ones. */
  close(): Promise<void>;
}

interface Pending {
  resolve(spelling: Spelling | null): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** Options of {@link createSpellChecker}; the defaults are what the server runs with. */
export interface SpellCheckerOptions {
  idleMs?: number;
  loadTimeoutMs?: number;
  checkTimeoutMs?: number;
  cooldownMs?: number;
}

/**
 * Starts a worker: the compiled `.js` beside this file, or under a TypeScript runner (tests,
 * `npm run dev`) the `.ts` source through tsx's loader, registered inside the worker, since a
 * worker inherits neither the parent's loader nor (on Node 20) hooks given by `--import`.
 */
function spawnWorker(): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: WORKER_HEAP_MB };
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./worker.js', import.meta.url), { resourceLimits });
  }
  const source = new URL('./worker.ts', import.meta.url).href;
  return new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); })`,
    { eval: true, resourceLimits },
  );
}

/** One language's worker and the checks it owes. */
interface LanguageWorker {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
  answered: boolean;
  idleTimer?: NodeJS.Timeout;
}

/**
 * Creates a checker with one worker thread per language, started by the first check of that
 * language, so a process whose readers write in other languages never starts one, a slow
 * dictionary delays only its own language, and one that exhausts its worker's heap or time is
 * given up (its checks answer null for a while) without harming the process. A worker ends after
 * `idleMs` without checks, returning its dictionary's memory. Workers never keep the process alive.
 */
export function createSpellChecker(options: SpellCheckerOptions = {}): SpellChecker {
  const idleMs = options.idleMs ?? SPELLING_IDLE_MS;
  const loadTimeoutMs = options.loadTimeoutMs ?? SPELLING_LOAD_TIMEOUT_MS;
  const checkTimeoutMs = options.checkTimeoutMs ?? SPELLING_CHECK_TIMEOUT_MS;
  const cooldownMs = options.cooldownMs ?? SPELLING_COOLDOWN_MS;
  const workers = new Map<SpellingLanguage, LanguageWorker>();
  const givenUp = new Map<SpellingLanguage, number>();
  let nextId = 1;

  function end(language: SpellingLanguage, entry: LanguageWorker, error: Error, giveUp: boolean): void {
    if (workers.get(language) === entry) workers.delete(language);
    clearTimeout(entry.idleTimer);
    if (giveUp) givenUp.set(language, Date.now() + cooldownMs);
    for (const p of entry.pending.values()) {
      clearTimeout(p.timer);
      if (giveUp) p.resolve(null);
      else p.reject(error);
    }
    entry.pending.clear();
    void entry.worker.terminate();
  }

  function armIdle(language: SpellingLanguage, entry: LanguageWorker): void {
    clearTimeout(entry.idleTimer);
    if (entry.pending.size > 0) return;
    entry.idleTimer = setTimeout(() => {
      if (entry.pending.size === 0) end(language, entry, new Error('idle'), false);
    }, idleMs);
    entry.idleTimer.unref();
  }

  function start(language: SpellingLanguage): LanguageWorker {
    const entry: LanguageWorker = { worker: spawnWorker(), pending: new Map(), answered: false };
    entry.worker.unref();
    entry.worker.on('message', (message: unknown) => {
      const parsed = SpellResponseSchema.safeParse(message);
      if (!parsed.success) return;
      const answer = parsed.data;
      const waiting = entry.pending.get(answer.id);
      if (!waiting) return;
      entry.pending.delete(answer.id);
      clearTimeout(waiting.timer);
      entry.answered = true;
      if ('error' in answer) waiting.reject(new Error(`spelling check failed: ${answer.error}`));
      else waiting.resolve(answer.spelling);
      armIdle(language, entry);
    });
    // A worker that dies (out of heap, a crash) costs its language a cooldown, not the process.
    entry.worker.on('error', (error) => end(language, entry, error, true));
    entry.worker.on('exit', (code) =>
      end(language, entry, new Error(`the spelling worker exited with ${code}`), false),
    );
    return entry;
  }

  return {
    check(lang, text, signal) {
      const language = spellingLanguage(lang);
      if (language === null || (givenUp.get(language) ?? 0) > Date.now()) return Promise.resolve(null);
      signal?.throwIfAborted();
      let entry = workers.get(language);
      if (!entry) {
        entry = start(language);
        workers.set(language, entry);
      }
      const current = entry;
      clearTimeout(current.idleTimer);
      const id = nextId++;
      const request: SpellRequest = { id, language, text };
      return new Promise<Spelling | null>((resolve, reject) => {
        const onAbort = () => {
          const waiting = current.pending.get(id);
          if (!waiting) return;
          clearTimeout(waiting.timer);
          current.pending.delete(id);
          reject(signal?.reason instanceof Error ? signal.reason : new Error('the check was aborted'));
          armIdle(language, current);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        const limit = current.answered ? checkTimeoutMs : loadTimeoutMs;
        // Too slow (a broken dictionary, a starved machine): give the language up for a while.
        const timer = setTimeout(() => end(language, current, new Error('timed out'), true), limit);
        timer.unref();
        current.pending.set(id, {
          timer,
          resolve: (spelling) => {
            signal?.removeEventListener('abort', onAbort);
            resolve(spelling);
          },
          reject: (error) => {
            signal?.removeEventListener('abort', onAbort);
            reject(error);
          },
        });
        current.worker.postMessage(request);
      });
    },
    async close() {
      const all = [...workers.entries()];
      workers.clear();
      await Promise.all(
        all.map(async ([, entry]) => {
          clearTimeout(entry.idleTimer);
          for (const p of entry.pending.values()) {
            clearTimeout(p.timer);
            p.reject(new Error('the spell checker was closed'));
          }
          entry.pending.clear();
          await entry.worker.terminate();
        }),
      );
    },
  };
}

let shared: SpellChecker | undefined;

/** The process's one checker (one set of workers however many job handler sets are built). */
export function processSpellChecker(): SpellChecker {
  shared ??= createSpellChecker();
  return shared;
}
