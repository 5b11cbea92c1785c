import type { AppDeps } from '../deps.js';

/** What job handlers are built from: the process's dependencies (database, clock, mailer, …). */
export type JobDeps = AppDeps;
