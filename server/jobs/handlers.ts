import { clientRetentionHandler, reportRetentionHandler } from '../retention/handlers.js';
import type { JobDeps } from './deps.js';
import { type GroupCreatedStep, groupCreatedHandler } from './group-created.js';
import { sweepJobsHandler } from './sweep.js';
import type { JobHandler } from './types.js';

/** Everything done for each new group, in order (each feature adds its step here). */
function groupCreatedSteps(_deps: JobDeps): GroupCreatedStep[] {
  return [];
}

/** Every kind of job a server process runs. One line per handler; the code lives with its feature. */
export function jobHandlers(deps: JobDeps): JobHandler[] {
  return [
    groupCreatedHandler(groupCreatedSteps(deps)),
    sweepJobsHandler(deps),
    reportRetentionHandler(deps),
    clientRetentionHandler(deps),
  ];
}
