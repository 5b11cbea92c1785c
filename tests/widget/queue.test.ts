import { beforeEach, describe, expect, it } from 'vitest';
import type { ReportInput } from '../../contract/report.js';
import { flushQueue } from '../../widget/flush.js';
import {
  BACKOFF_BASE_MS,
  BACKOFF_MAX_MS,
  backoff,
  enqueue,
  QUEUE_KEY,
  QUEUE_MAX,
  QUEUE_TTL_MS,
  readQueue,
} from '../../widget/queue.js';
import type { Fetch } from '../../widget/send.js';

function report(id: string): ReportInput {
  return { site: 'key', id, url: 'https://news.example/a', quote: { exact: 'tpyo', prefix: '', suffix: '' } };
}

/** A fetch that answers every request with `status` and records the bodies it saw. */
function answering(status: number, headers: Record<string, string> = {}): Fetch & { ids: string[] } {
  const ids: string[] = [];
  const fetcher = async (_url: string, init: RequestInit) => {
    ids.push(JSON.parse(String(init.body)).id);
    return new Response(
      JSON.stringify(status < 300 ? { id: 'x', status: 'new', duplicates: 0 } : { error: {} }),
      {
        status,
        headers,
      },
    );
  };
  return Object.assign(fetcher, { ids });
}

const failing: Fetch = async () => {
  throw new TypeError('Failed to fetch');
};

beforeEach(() => localStorage.clear());

describe('backoff', () => {
  it('doubles from seconds up to an hour', () => {
    expect(backoff(0)).toBe(BACKOFF_BASE_MS);
    expect(backoff(1)).toBe(2 * BACKOFF_BASE_MS);
    expect(backoff(3)).toBe(8 * BACKOFF_BASE_MS);
    expect(backoff(30)).toBe(BACKOFF_MAX_MS);
    expect(BACKOFF_MAX_MS).toBe(3_600_000);
  });
});

describe('offline queue', () => {
  it('keeps at most 30 reports, dropping the oldest', () => {
    for (let i = 0; i < QUEUE_MAX + 5; i++) enqueue(localStorage, 'https://t.example', report(`r${i}`), 0);
    const ids = readQueue(localStorage).map((item) => item.report.id);
    expect(ids).toHaveLength(QUEUE_MAX);
    expect(ids[0]).toBe('r5');
  });

  it('stores a report once however often it is queued', () => {
    enqueue(localStorage, 'https://t.example', report('same'), 0);
    enqueue(localStorage, 'https://t.example', report('same'), 0);
    expect(readQueue(localStorage)).toHaveLength(1);
  });

  it('reads foreign or broken storage as an empty queue', () => {
    localStorage.setItem(QUEUE_KEY, '{not json');
    expect(readQueue(localStorage)).toEqual([]);
    localStorage.setItem(QUEUE_KEY, JSON.stringify([{ report: 'x' }, 5]));
    expect(readQueue(localStorage)).toEqual([]);
  });

  it('sends due reports, removes the key when done, and sends each id once', async () => {
    enqueue(localStorage, 'https://t.example', report('a'), 0);
    enqueue(localStorage, 'https://t.example', report('b'), 0);
    const fetcher = answering(201);
    const result = await flushQueue(localStorage, () => 10 * BACKOFF_BASE_MS, { fetcher });
    expect(result).toMatchObject({ sent: 2, left: 0, nextDue: null });
    expect(fetcher.ids).toEqual(['a', 'b']);
    expect(localStorage.getItem(QUEUE_KEY)).toBeNull();
  });

  it('waits for a report’s due time unless forced (the browser came back online)', async () => {
    enqueue(localStorage, 'https://t.example', report('a'), 1000);
    const fetcher = answering(201);
    const waiting = await flushQueue(localStorage, () => 1001, { fetcher });
    expect(waiting).toMatchObject({ sent: 0, left: 1, nextDue: 1000 + BACKOFF_BASE_MS });
    const forced = await flushQueue(localStorage, () => 1001, { fetcher, force: true });
    expect(forced.sent).toBe(1);
  });

  it('reschedules with growing delays while the network is down', async () => {
    enqueue(localStorage, 'https://t.example', report('a'), 0);
    let now = BACKOFF_BASE_MS;
    const dues: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { nextDue } = await flushQueue(localStorage, () => now, { fetcher: failing });
      dues.push(nextDue! - now);
      now = nextDue!;
    }
    expect(dues).toEqual([backoff(1), backoff(2), backoff(3)]);
    expect(readQueue(localStorage)[0]?.attempts).toBe(3);
  });

  it('honours Retry-After of a 503 when it is longer than the backoff', async () => {
    enqueue(localStorage, 'https://t.example', report('a'), 0);
    const fetcher = answering(503, { 'Retry-After': '120' });
    const { nextDue, left } = await flushQueue(localStorage, () => BACKOFF_BASE_MS, { fetcher });
    expect(left).toBe(1);
    expect(nextDue).toBe(BACKOFF_BASE_MS + 120_000);
  });

  it('drops reports the server refuses for good, and week-old ones', async () => {
    enqueue(localStorage, 'https://t.example', report('old'), 0);
    enqueue(localStorage, 'https://t.example', report('bad'), QUEUE_TTL_MS);
    const fetcher = answering(400);
    const result = await flushQueue(localStorage, () => QUEUE_TTL_MS + BACKOFF_BASE_MS + 1, { fetcher });
    expect(result).toMatchObject({ sent: 0, dropped: 2, left: 0 });
    expect(fetcher.ids).toEqual(['bad']);
  });

  it('keeps a report queued while the flush was in flight', async () => {
    enqueue(localStorage, 'https://t.example', report('a'), 0);
    const fetcher: Fetch = async () => {
      enqueue(localStorage, 'https://t.example', report('late'), 0);
      return new Response('{"duplicates":0}', { status: 201 });
    };
    await flushQueue(localStorage, () => BACKOFF_BASE_MS, { fetcher });
    expect(readQueue(localStorage).map((item) => item.report.id)).toEqual(['late']);
  });
});
