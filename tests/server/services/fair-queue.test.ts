import { describe, expect, it } from 'vitest';
import { FairQueue, QueueFull } from '../../../server/services/fair-queue.js';

/** A task that records when it starts and finishes when the test says so. */
function gate(log: string[], name: string) {
  let open: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    task: async () => {
      log.push(name);
      await done;
    },
    open: () => open(),
  };
}

async function drain(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('FairQueue', () => {
  it('runs no more tasks at once than its concurrency', async () => {
    const queue = new FairQueue(2);
    const log: string[] = [];
    const gates = ['a', 'b', 'c'].map((n) => gate(log, n));
    const runs = gates.map((g) => queue.run('k', g.task));
    await drain();
    expect(log).toEqual(['a', 'b']);
    expect(queue.waiting).toBe(1);
    gates[0]?.open();
    await drain();
    expect(log).toEqual(['a', 'b', 'c']);
    for (const g of gates) g.open();
    await Promise.all(runs);
    expect(queue.waiting).toBe(0);
  });

  it('lets a second key go next instead of after the first key’s whole burst', async () => {
    const queue = new FairQueue(1);
    const log: string[] = [];
    const burst = Array.from({ length: 20 }, (_, i) => gate(log, `flood${i}`));
    const runs = burst.map((g) => queue.run('attacker', g.task));
    const editor = gate(log, 'editor');
    runs.push(queue.run('editor', editor.task));
    await drain();
    burst[0]?.open();
    await drain();
    burst[1]?.open();
    await drain();
    // The flood's first task was running when the editor queued; the editor's turn comes after one more.
    expect(log.slice(0, 3)).toEqual(['flood0', 'flood1', 'editor']);
    editor.open();
    for (const g of burst) g.open();
    await Promise.all(runs);
    expect(log).toHaveLength(21);
  });

  it('refuses at once beyond its bounds, per key and in all', async () => {
    const queue = new FairQueue(1, { perKey: 2, total: 3 });
    const log: string[] = [];
    const running = gate(log, 'running');
    const runs = [queue.run('a', running.task)];
    await drain();
    const waiting = ['a1', 'a2', 'b1'].map((n) => gate(log, n));
    runs.push(
      queue.run('a', waiting[0]?.task ?? running.task),
      queue.run('a', waiting[1]?.task ?? running.task),
    );
    await expect(queue.run('a', async () => 'third a')).rejects.toBeInstanceOf(QueueFull);
    runs.push(queue.run('b', waiting[2]?.task ?? running.task));
    await expect(queue.run('c', async () => 'fourth in all')).rejects.toBeInstanceOf(QueueFull);
    running.open();
    for (const g of waiting) g.open();
    await Promise.all(runs);
    expect(await queue.run('c', async () => 'room again')).toBe('room again');
  });

  it('frees the slot when a task fails', async () => {
    const queue = new FairQueue(1);
    await expect(queue.run('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await queue.run('k', async () => 'next')).toBe('next');
  });
});
