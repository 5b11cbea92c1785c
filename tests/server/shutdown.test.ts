import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/logger.js';
import { drainingFetch, shutDown } from '../../server/shutdown.js';

/** An HTTP server whose `/slow` answers after `slowMs` (never, when null) and `/` at once. */
async function serverWith(slowMs: number | null) {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url !== '/slow') return void res.end('fast');
    if (slowMs !== null) setTimeout(() => res.end('slow'), slowMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}` };
}

describe('shutDown', () => {
  it('lets a request in flight finish, then runs the steps in order', async () => {
    const { server, url } = await serverWith(300);
    // A keep-alive connection left idle must not hold the shutdown up.
    await (await fetch(`${url}/`)).text();
    const slow = fetch(`${url}/slow`).then((r) => r.text());
    await new Promise((resolve) => setTimeout(resolve, 50));
    const order: string[] = [];
    const clean = await shutDown(
      server,
      [
        { name: 'runner', run: async () => void order.push(`runner after ${await slow}`) },
        { name: 'database', run: async () => void order.push('database') },
      ],
      createLogger('silent'),
    );
    expect(clean).toBe(true);
    expect(order).toEqual(['runner after slow', 'database']);
    await expect(fetch(`${url}/`)).rejects.toThrow();
  });

  it('closes connections still busy when HTTP’s share of the deadline is spent, and reports it', async () => {
    const { server, url } = await serverWith(null);
    const hanging = fetch(`${url}/slow`).then(
      () => 'answered',
      () => 'closed',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const steps: string[] = [];
    const clean = await shutDown(
      server,
      [{ name: 'database', run: async () => void steps.push('database') }],
      createLogger('silent'),
      {
        deadlineMs: 2000,
      },
    );
    expect(clean).toBe(false);
    expect(await hanging).toBe('closed');
    expect(steps).toEqual(['database']);
  });

  it('gives up on a step still running at the deadline', async () => {
    const { server } = await serverWith(null);
    const clean = await shutDown(
      server,
      [{ name: 'stuck', run: () => new Promise<void>(() => {}) }],
      createLogger('silent'),
      {
        deadlineMs: 300,
      },
    );
    expect(clean).toBe(false);
  });
});

describe('drainingFetch', () => {
  const serve = drainingFetch(async (request) => new Response(`served ${new URL(request.url).pathname}`));

  it('answers /readyz 503 unavailable, so a load balancer stops sending', async () => {
    const response = await serve(new Request('http://localhost/readyz'), {});
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
  });

  it('serves everything else, asking the client to close its connection', async () => {
    const response = await serve(new Request('http://localhost/api/v1/me'), {});
    expect(response.status).toBe(200);
    expect(response.headers.get('connection')).toBe('close');
    expect(await response.text()).toBe('served /api/v1/me');
  });
});
