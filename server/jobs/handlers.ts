import { passwordResetHandler } from '../auth/password-reset.js';
import { digestHandler, digestScheduleHandler } from '../mail/digest.js';
import { instantMailHandler, instantMailStep } from '../mail/instant.js';
import { deliveryHandler } from '../notify/deliver.js';
import { channelsListener, channelsStep, type EventListener, eventHandler } from '../notify/event-job.js';
import { sweepDeliveriesHandler } from '../notify/sweep.js';
import { recheckScheduleHandler, recheckSiteHandler } from '../recheck/jobs.js';
import { clientRetentionHandler, reportRetentionHandler } from '../retention/handlers.js';
import { processSpellChecker } from '../spelling/checker.js';
import { spellingStep } from '../spelling/step.js';
import { forgetReadersHandler } from '../triage/forget-job.js';
import { spamSignalsStep } from '../triage/spam-step.js';
import type { JobDeps } from './deps.js';
import { type GroupCreatedStep, groupCreatedHandler } from './group-created.js';
import { sweepJobsHandler } from './sweep.js';
import type { JobHandler } from './types.js';

/** Everything done for each new group, in order (each feature adds its step here). */
function groupCreatedSteps(deps: JobDeps): GroupCreatedStep[] {
  // Announcements before the dictionary: queueing them is quick, and the first dictionary load is not.
  return [
    spamSignalsStep(deps.db),
    instantMailStep(deps),
    channelsStep(deps),
    spellingStep(deps.db, processSpellChecker()),
  ];
}

/** Everything that acts on emitted events (`event` jobs), in order (each feature adds its listener here). */
function eventListeners(deps: JobDeps): EventListener[] {
  return [channelsListener(deps)];
}

/** Every kind of job a server process runs. One line per handler; the code lives with its feature. */
export function jobHandlers(deps: JobDeps): JobHandler[] {
  return [
    groupCreatedHandler(groupCreatedSteps(deps)),
    eventHandler(eventListeners(deps)),
    deliveryHandler(deps),
    sweepDeliveriesHandler(deps),
    sweepJobsHandler(deps),
    forgetReadersHandler(deps),
    recheckScheduleHandler(deps),
    recheckSiteHandler(deps),
    reportRetentionHandler(deps),
    clientRetentionHandler(deps),
    instantMailHandler(deps),
    digestScheduleHandler(deps),
    digestHandler(deps),
    passwordResetHandler(deps),
  ];
}
