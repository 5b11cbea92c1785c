import { describe, expect, it } from 'vitest';
import { type BudgetTicket, maxClaim, SiteBudget } from '../../../server/ingest/site-budget.js';

const T0 = Date.parse('2026-03-02T10:00:00.000Z');

/** A stand-in for rate_leases: grants what is left of `limit`, like the database function. */
function leases(limit: number) {
  let granted = 0;
  return (want: number) => {
    const claimed = Math.max(0, Math.min(want, limit - granted));
    granted += claimed;
    return claimed;
  };
}

/** Takes a ticket and settles it as the database would have answered a new report. */
async function admit(budget: SiteBudget, grant: (want: number) => number, limit: number, now = T0) {
  const ticket = await budget.take('site', limit, now);
  if (ticket.kind === 'denied') return ticket;
  const claimed = ticket.kind === 'claim' ? grant(ticket.want) : 0;
  const stored = ticket.kind === 'local' || claimed > 0;
  budget.settle('site', ticket, { claimed, stored, exhausted: !stored });
  return stored ? ticket : ({ kind: 'denied', retryAt: -1 } as const);
}

describe('SiteBudget', () => {
  it('claims a twentieth of the limit at most, starting small', () => {
    expect(maxClaim(600)).toBe(30);
    expect(maxClaim(5)).toBe(1);
    expect(maxClaim(0)).toBe(1);
  });

  it('claims 4, then doubles up to the maximum, spending claimed budget locally in between', async () => {
    const budget = new SiteBudget();
    const grant = leases(600);
    const wants: number[] = [];
    const kinds: string[] = [];
    for (let i = 0; i < 40; i++) {
      const ticket = await budget.take('site', 600, T0);
      kinds.push(ticket.kind);
      if (ticket.kind === 'claim') wants.push(ticket.want);
      const claimed = ticket.kind === 'claim' ? grant(ticket.want) : 0;
      budget.settle('site', ticket, { claimed, stored: true, exhausted: false });
    }
    expect(wants).toEqual([4, 8, 16, 30]);
    expect(kinds.filter((k) => k === 'claim')).toHaveLength(4);
  });

  it('starts a minute with the claim size a busy previous minute reached, and small after a quiet one', async () => {
    const budget = new SiteBudget();
    for (let i = 0; i < 40; i++) {
      const ticket = await budget.take('site', 600, T0);
      budget.settle('site', ticket, {
        claimed: ticket.kind === 'claim' ? ticket.want : 0,
        stored: true,
        exhausted: false,
      });
    }
    const next = await budget.take('site', 600, T0 + 60_000);
    expect(next).toMatchObject({ kind: 'claim', want: 30 });
    budget.settle('site', next, { claimed: 30, stored: true, exhausted: false });
    const afterQuiet = await budget.take('site', 600, T0 + 180_000);
    expect(afterQuiet).toMatchObject({ kind: 'claim', want: 4 });
  });

  it('accepts exactly the limit in a minute and denies the rest until the next minute', async () => {
    const budget = new SiteBudget();
    const grant = leases(50);
    const results = [];
    for (let i = 0; i < 60; i++) results.push(await admit(budget, grant, 50));
    expect(results.filter((r) => r.kind !== 'denied')).toHaveLength(50);
    const denied = await budget.take('site', 50, T0 + 30_000);
    expect(denied).toEqual({ kind: 'denied', retryAt: T0 + 60_000 });
    const nextMinute = await budget.take('site', 50, T0 + 60_000);
    expect(nextMinute.kind).toBe('claim');
  });

  it('gives back a reserved unit when the report was not stored', async () => {
    const budget = new SiteBudget();
    const first = await budget.take('site', 600, T0);
    budget.settle('site', first, { claimed: 4, stored: true, exhausted: false });
    const local = await budget.take('site', 600, T0);
    expect(local.kind).toBe('local');
    budget.settle('site', local, { claimed: 0, stored: false, exhausted: false });
    const kinds = [];
    for (let i = 0; i < 4; i++) {
      const ticket = await budget.take('site', 600, T0);
      kinds.push(ticket.kind);
      budget.settle('site', ticket, { claimed: 0, stored: true, exhausted: false });
    }
    expect(kinds).toEqual(['local', 'local', 'local', 'claim']);
  });

  it('lets one claim be in flight per site; the others wait for it', async () => {
    const budget = new SiteBudget();
    const claimer = await budget.take('site', 600, T0);
    expect(claimer.kind).toBe('claim');
    let waiterTicket: BudgetTicket | undefined;
    const waiter = budget.take('site', 600, T0).then((t) => {
      waiterTicket = t;
    });
    await Promise.resolve();
    expect(waiterTicket).toBeUndefined();
    budget.settle('site', claimer, { claimed: 4, stored: true, exhausted: false });
    await waiter;
    expect(waiterTicket?.kind).toBe('local');
  });

  it('lets a waiter claim after the claim in flight failed', async () => {
    const budget = new SiteBudget();
    const claimer = await budget.take('site', 600, T0);
    const waiter = budget.take('site', 600, T0);
    budget.settle('site', claimer, { claimed: 0, stored: false, exhausted: false });
    expect((await waiter).kind).toBe('claim');
  });
});
