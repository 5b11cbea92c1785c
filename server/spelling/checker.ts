import { Worker } from 'node:worker_threads';
import type { Spelling } from '../../contract/api.js';
import { spellingLanguage } from './languages.js';
import { type SpellRequest, SpellResponseSchema } from './protocol.js';

/** How long an idle worker (and the dictionaries it holds) stays before it is ended. */
export const SPELLING_IDLE_MS = 10 * 60 * 1000;

/** Checks selections against Hunspell dictionaries in a worker thread. */
export interface SpellChecker {
  /**
   * The verdict on `text` in the language of the BCP 47 tag `lang`, or null when no dictionary
   * covers that language (or none was given). Rejects when the check fails or `signal` aborts.
   */
  check(lang: string | null, text: string, signal?: AbortSignal): Promise<Spelling | null>;
  /** Ends the worker; a later check starts a new one. */
  close(): Promise<void>;
}

interface Pending {
  resolve(spelling: Spelling): void;
  reject(error: Error): void;
}

/**
 * Starts the worker: the compiled `.js` beside this file, or under a TypeScript runner (tests,
 * `npm run dev`) the `.ts` source through tsx's loader, registered inside the worker, since a
 * worker inherits neither the parent's loader nor (on Node 20) hooks given by `--import`.
 */
function spawnWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url));
  const source = new URL('./worker.ts', import.meta.url).href;
  return new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); })`,
    { eval: true },
  );
}

/**
 * Creates a checker. The worker starts with the first check of a supported language, so a
 * process whose readers write in other languages never starts it, and it ends after `idleMs`
 * without checks, returning its dictionaries' memory. It never keeps the process alive.
 */
export function createSpellChecker(options: { idleMs?: number } = {}): SpellChecker {
  const idleMs = options.idleMs ?? SPELLING_IDLE_MS;
  const pending = new Map<number, Pending>();
  let worker: Worker | null = null;
  let nextId = 1;
  let idleTimer: NodeJS.Timeout | undefined;

  function failAll(error: Error): void {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  }

  function start(): Worker {
    const started = spawnWorker();
    started.unref();
    started.on('message', (message: unknown) => {
      const parsed = SpellResponseSchema.safeParse(message);
      if (!parsed.success) return;
      const answer = parsed.data;
      const waiting = pending.get(answer.id);
      if (!waiting) return;
      pending.delete(answer.id);
      if ('error' in answer) waiting.reject(new Error(`spelling check failed: ${answer.error}`));
      else waiting.resolve(answer.spelling);
      armIdle();
    });
    started.on('error', (error) => {
      if (worker === started) worker = null;
      failAll(error);
    });
    started.on('exit', (code) => {
      if (worker === started) worker = null;
      failAll(new Error(`the spelling worker exited with code ${code}`));
    });
    return started;
  }

  function armIdle(): void {
    clearTimeout(idleTimer);
    if (pending.size > 0) return;
    idleTimer = setTimeout(() => {
      if (pending.size === 0) void worker?.terminate();
    }, idleMs);
    idleTimer.unref();
  }

  return {
    check(lang, text, signal) {
      const language = spellingLanguage(lang);
      if (language === null) return Promise.resolve(null);
      signal?.throwIfAborted();
      clearTimeout(idleTimer);
      worker ??= start();
      const id = nextId++;
      const request: SpellRequest = { id, language, text };
      return new Promise<Spelling>((resolve, reject) => {
        const onAbort = () => {
          pending.delete(id);
          reject(signal?.reason instanceof Error ? signal.reason : new Error('the check was aborted'));
          armIdle();
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        pending.set(id, {
          resolve: (spelling) => {
            signal?.removeEventListener('abort', onAbort);
            resolve(spelling);
          },
          reject: (error) => {
            signal?.removeEventListener('abort', onAbort);
            reject(error);
          },
        });
        worker?.postMessage(request);
      });
    },
    async close() {
      clearTimeout(idleTimer);
      const current = worker;
      worker = null;
      failAll(new Error('the spell checker was closed'));
      await current?.terminate();
    },
  };
}

let shared: SpellChecker | undefined;

/** The process's one checker (one worker thread however many job handler sets are built). */
export function processSpellChecker(): SpellChecker {
  shared ??= createSpellChecker();
  return shared;
}
