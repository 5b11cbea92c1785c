/** The per-site limit's window: fixed UTC minutes. */
export const MINUTE_MS = 60_000;
/** A busy process claims at most this share of a site's minute per round trip (1/20 of the limit). */
const MAX_BATCH_SHARE = 20;
/** First claim after a quiet minute; doubled on every further claim, so idle processes hold little budget. */
const FIRST_CLAIM = 4;

/** Most budget one claim asks for. */
export function maxClaim(limit: number): number {
  return Math.max(1, Math.ceil(limit / MAX_BATCH_SHARE));
}

/** What {@link SiteBudget.take} decided for one request. */
export type BudgetTicket =
  /** The site's minute is spent: answer 429 without touching the database. */
  | { readonly kind: 'denied'; readonly retryAt: number }
  /** One unit of budget this process already holds is reserved for the request. */
  | { readonly kind: 'local'; readonly window: number }
  /** The request's database call must claim `want` units (its own included). */
  | { readonly kind: 'claim'; readonly window: number; readonly want: number; readonly release: () => void };

/** How the database call of a ticket ended, for {@link SiteBudget.settle}. */
export interface BudgetUse {
  /** Units the call was granted. */
  claimed: number;
  /** Whether the request's report was stored (and so spent one unit). */
  stored: boolean;
  /** Whether the database said the site's minute is spent. */
  exhausted: boolean;
}

interface SiteMinute {
  window: number;
  remaining: number;
  exhausted: boolean;
  nextClaim: number;
  claiming: Promise<void> | null;
}

/**
 * The per-site limit, shared by every process through leases in `rate_leases`: a process claims a
 * batch of the current minute's budget inside the same statement that stores a report, then spends
 * it locally with no round trip of its own. Claims never exceed the limit in sum, so all replicas
 * together never accept more than the limit in a minute; budget a replica claimed but did not
 * spend is lost for that minute (at most one batch per replica). One claim per site is in flight
 * per process at a time; requests that find no budget wait for it rather than over-claim.
 */
export class SiteBudget {
  readonly #sites = new Map<string, SiteMinute>();

  /** Reserves budget for one report of `siteId` at `nowMs`, or says it must be claimed or denied. */
  async take(siteId: string, limit: number, nowMs: number): Promise<BudgetTicket> {
    const window = Math.floor(nowMs / MINUTE_MS);
    for (;;) {
      let minute = this.#sites.get(siteId);
      if (!minute || minute.window !== window) {
        // A process that was busy a minute ago starts where it left off, so a busy site does not
        // pay the ramp of small claims (each a wait for every request of the site) every minute.
        const carried = minute?.window === window - 1 ? minute.nextClaim : FIRST_CLAIM;
        minute = {
          window,
          remaining: 0,
          exhausted: false,
          nextClaim: Math.min(carried, maxClaim(limit)),
          claiming: null,
        };
        this.#sites.set(siteId, minute);
      }
      if (minute.exhausted) return { kind: 'denied', retryAt: (window + 1) * MINUTE_MS };
      if (minute.remaining > 0) {
        minute.remaining--;
        return { kind: 'local', window };
      }
      if (minute.claiming) {
        await minute.claiming;
        continue;
      }
      let release!: () => void;
      minute.claiming = new Promise<void>((resolve) => {
        release = resolve;
      });
      const claim = minute;
      const want = Math.min(claim.nextClaim, maxClaim(limit));
      return {
        kind: 'claim',
        window,
        want,
        release: () => {
          claim.claiming = null;
          claim.nextClaim = Math.min(claim.nextClaim * 2, maxClaim(limit));
          release();
        },
      };
    }
  }

  /** Books the outcome of a ticket's database call. Must follow every non-denied ticket, also on error. */
  settle(siteId: string, ticket: BudgetTicket, use: BudgetUse): void {
    if (ticket.kind === 'denied') return;
    const minute = this.#sites.get(siteId);
    const current = minute?.window === ticket.window ? minute : undefined;
    if (current) {
      const held = ticket.kind === 'local' ? 1 : use.claimed;
      current.remaining += held - (use.stored ? 1 : 0);
      if (use.exhausted) current.exhausted = true;
    }
    if (ticket.kind === 'claim') ticket.release();
  }
}
