import type { KyselyPlugin } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { createLogger } from '../../server/logger.js';
import { newSecret } from '../../server/services/secrets.js';
import { describeEachDialect } from '../helpers/databases.js';

/** A logger that keeps its lines. */
function capturing() {
  const lines: string[] = [];
  return { lines, logger: createLogger('debug', (line) => lines.push(line)) };
}

describe('log lines', () => {
  it.each([
    ['an invitation secret in a path', (s: string) => `/api/v1/invitations/${s}/accept`],
    ['an unsubscribe secret in a path', (s: string) => `/api/v1/unsubscribe/${s}`],
    ['a reset secret in a path', (s: string) => `/api/v1/auth/reset/${s}`],
    ['a dashboard invitation link', (s: string) => `https://typos.example/app/invite/${s}`],
    ['a token in a query string', (s: string) => `/api/v1/notifications/off?token=${s}&site=1`],
    ['a short secret after a secret word', () => '/api/v1/invitations/tiny-secret/accept'],
    ['a secret in an unknown place', (s: string) => `/api/v1/elsewhere/${s}`],
    ['a password in a URL', () => 'postgres://app:tiny-secret@db.example/misprint'],
    ['a password parameter', () => 'postgres://db.example/misprint?sslmode=require&password=tiny-secret'],
  ])('never carry %s, whichever field holds it', (_, place) => {
    const secret = newSecret();
    const text = place(secret);
    const hidden = text.includes('tiny-secret') ? 'tiny-secret' : secret;
    const { lines, logger } = capturing();
    logger.warn(`failed: ${text}`, { path: text, nested: { error: `Error at ${text}` } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(hidden);
    expect(lines[0]).toContain('[redacted]');
    expect(() => JSON.parse(lines[0] ?? '')).not.toThrow();
  });

  it('keeps ids and ordinary paths readable', () => {
    const { lines, logger } = capturing();
    const path =
      '/api/v1/sites/0d6c2f4e-8a1b-4c3d-9e5f-7a8b9c0d1e2f/invitations/1b6c2f4e-8a1b-4c3d-9e5f-7a8b9c0d1e2f';
    logger.info('request', { path });
    expect(lines[0]).toContain(path);
  });
});

describeEachDialect('logging a failed request', (t) => {
  it('logs the path of a failed invitation accept without its secret', async () => {
    let down = false;
    const plugin: KyselyPlugin = {
      transformQuery: (args) => {
        if (down)
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const { lines, logger } = capturing();
    const app = createApp({
      db: t().db.withPlugin(plugin),
      dialect: t().dialect,
      config: loadConfig({}),
      logger,
      now: () => new Date(),
    });
    const secret = newSecret();
    down = true;
    const answer = await app.request(`/api/v1/invitations/${secret}/accept`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'ed@news.example', password: 'correct horse battery staple' }),
    });
    expect(answer.status).toBe(503);
    const logged = lines.join('');
    expect(logged).toContain('/api/v1/invitations/[redacted]/accept');
    expect(logged).not.toContain(secret);
  });
});
