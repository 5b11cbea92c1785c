/** A process-wide "jobs were enqueued" signal: ingest raises it, the job runner listens. */
export interface JobSignal {
  /** Asks the runner to look for due jobs now instead of at its next poll. */
  wake(): void;
  /** Subscribes; returns the unsubscribe function. */
  listen(listener: () => void): () => void;
}

/** A signal with no listener until a runner subscribes (tests without a runner just drop wakes). */
export function createJobSignal(): JobSignal {
  const listeners = new Set<() => void>();
  return {
    wake() {
      for (const listener of listeners) listener();
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
