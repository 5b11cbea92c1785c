import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import type { EventBody } from '../../../contract/channels.js';
import { parseRetryAfter } from '../../../server/notify/http.js';
import { openIssueRequest } from '../../../server/notify/render/github.js';
import { slackRequest } from '../../../server/notify/render/slack.js';
import { telegramRequest } from '../../../server/notify/render/telegram.js';
import { webhookRequest } from '../../../server/notify/render/webhook.js';
import { isRetryable, nextAttempt, RETRY_WINDOW_MS } from '../../../server/notify/retry-policy.js';

const HOSTILE = '<script>alert(1)</script> & [x](javascript:alert(1)) @everyone *bold*';

function body(overrides: Partial<EventBody['data']['group']> = {}): EventBody {
  return {
    type: 'group.created',
    timestamp: '2026-11-30T09:00:00.000Z',
    data: {
      site: { id: 's1', name: 'Gazette' },
      group: {
        id: 'g1',
        url: 'https://news.example/a_(b) c',
        title: 'Title',
        quote: 'recieved',
        suggestion: 'received',
        comment: HOSTILE,
        kind: 'typo',
        status: 'new',
        count: 1,
        assignee: null,
        page: { author: null, section: null, publishedAt: null },
        dashboardUrl: 'https://typos.example/app/reports/r1',
        pageUrl: null,
        ...overrides,
      },
    },
  };
}

describe('notification requests', () => {
  it('sign webhooks so that the standardwebhooks verifier accepts them', () => {
    const secret = `whsec_${Buffer.alloc(32, 4).toString('base64')}`;
    const request = webhookRequest('https://hooks.example/', secret, 'msg_1', body(), new Date());
    expect(new Webhook(secret).verify(request.body ?? '', request.headers)).toEqual(body());
  });

  it('escape readers’ text for Slack mrkdwn and Telegram HTML', () => {
    const slack = JSON.parse(slackRequest('https://hooks.slack.com/x', body()).body ?? '{}');
    expect(slack.blocks[0].text.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp;');
    expect(slack.blocks[0].text.text).not.toContain('<script>');
    const telegram = JSON.parse(
      telegramRequest('https://api.telegram.org', '1:x', '42', body()).body ?? '{}',
    );
    expect(telegram.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp;');
    expect(telegram.text).not.toContain('<script>');
  });

  it('make readers’ text inert in a GitHub issue and keep link targets whole', () => {
    const issue = JSON.parse(openIssueRequest('https://api.github.com', 'o/n', 't', body()).body ?? '{}');
    expect(issue.body).toContain('\\[x\\]\\(javascript:alert\\(1\\)\\)');
    expect(issue.body).toContain('\\@everyone');
    expect(issue.body).toContain('](https://news.example/a_%28b%29%20c)');
    expect(issue.labels).toEqual(['typo']);
  });
});

describe('the retry policy', () => {
  const created = new Date('2026-11-30T00:00:00Z');
  const now = new Date('2026-11-30T01:00:00Z');

  it('retries timeouts, network errors, 408, 429 and 5xx only', () => {
    expect([null, 408, 429, 500, 503].every(isRetryable)).toBe(true);
    expect([400, 401, 403, 404, 410, 422].some(isRetryable)).toBe(false);
  });

  it('honours a Retry-After shorter than the backoff, and a longer one', () => {
    expect(nextAttempt({ status: 503, retryAfterMs: 1000 }, 5, created, now)).toEqual({
      retryAt: new Date(now.getTime() + 1000),
    });
    expect(nextAttempt({ status: 429, retryAfterMs: 3_600_000 }, 1, created, now)).toEqual({
      retryAt: new Date(now.getTime() + 3_600_000),
    });
  });

  it('backs off from 30 s, doubling, with jitter, and gives up past 24 hours', () => {
    const first = nextAttempt({ status: 500, retryAfterMs: null }, 1, created, now, () => 0.5);
    expect(first).toEqual({ retryAt: new Date(now.getTime() + 22_500) });
    const third = nextAttempt({ status: 500, retryAfterMs: null }, 3, created, now, () => 1);
    expect(third).toEqual({ retryAt: new Date(now.getTime() + 120_000) });
    const late = new Date(created.getTime() + RETRY_WINDOW_MS - 1000);
    expect(nextAttempt({ status: 500, retryAfterMs: null }, 20, created, late)).toHaveProperty('giveUp');
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const at = Date.parse('2026-11-30T01:00:00Z');
    expect(parseRetryAfter('1', at)).toBe(1000);
    expect(parseRetryAfter('Mon, 30 Nov 2026 01:00:30 GMT', at)).toBe(30_000);
    expect(parseRetryAfter('soon', at)).toBeNull();
  });
});
