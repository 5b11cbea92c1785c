/**
 * Hostile channel settings, as an attacker with an owner's session (or a careless paste) would
 * send them: schemes that are not http(s), credentials in URLs, header and path injection through
 * chat ids, repositories and tokens, oversized and prototype-polluting filters, and receivers that
 * point back into the server's own network. Nothing may be a 5xx; refused bodies store nothing;
 * internal addresses are refused at delivery, before any connection.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChannelTestResult, CreatedChannel } from '../../../contract/channels.js';
import { describeEachDialect } from '../../helpers/databases.js';
import { addSignedInOwner, call, type Harness, harness, type Session } from '../routes/editor/harness.js';

const SECRET = `whsec_${Buffer.alloc(32, 2).toString('base64')}`;

/** Bodies that must be refused with 400 invalid_request. */
const REFUSED: Array<[string, unknown]> = [
  ['a javascript: URL', { type: 'webhook', name: 'x', url: 'javascript:alert(1)' }],
  ['a file: URL', { type: 'webhook', name: 'x', url: 'file:///etc/passwd' }],
  ['a data: URL', { type: 'slack', name: 'x', url: 'data:text/plain,hi' }],
  ['a gopher: URL', { type: 'webhook', name: 'x', url: 'gopher://127.0.0.1:6379/_FLUSHALL' }],
  ['credentials in the URL', { type: 'webhook', name: 'x', url: 'https://admin:hunter2@hooks.example/' }],
  [
    'a URL of 5000 characters',
    { type: 'webhook', name: 'x', url: `https://hooks.example/${'a'.repeat(5000)}` },
  ],
  [
    'a name with a line break',
    { type: 'webhook', name: 'CMS\r\nX-Injected: 1', url: 'https://hooks.example/' },
  ],
  ['a name of 1000 characters', { type: 'webhook', name: 'n'.repeat(1000), url: 'https://hooks.example/' }],
  ['an empty name', { type: 'webhook', name: '   ', url: 'https://hooks.example/' }],
  [
    'a secret that is not whsec_',
    { type: 'webhook', name: 'x', url: 'https://hooks.example/', secret: 'hunter2' },
  ],
  [
    'a whsec_ secret too short',
    { type: 'webhook', name: 'x', url: 'https://hooks.example/', secret: 'whsec_AAAA' },
  ],
  [
    'an unknown event',
    { type: 'webhook', name: 'x', url: 'https://hooks.example/', events: ['report.deleted'] },
  ],
  ['no events at all', { type: 'webhook', name: 'x', url: 'https://hooks.example/', events: [] }],
  ['an unknown type', { type: 'irc', name: 'x', url: 'irc://irc.example/#typos' }],
  [
    'a chat id with a path',
    { type: 'telegram', name: 'x', botToken: '1:AAAAAAAAAAAAAAAAAAAAAAAA', chatId: '1/../../x' },
  ],
  [
    'a bot token with a path',
    { type: 'telegram', name: 'x', botToken: '1:AAAAAAAAAAAAAAAAAAAA/../x', chatId: '1' },
  ],
  [
    'a repository with traversal',
    { type: 'github', name: 'x', repo: '../../orgs', token: 'ghp_aaaaaaaaaaaaaaaaaaaaaaaa' },
  ],
  [
    'a repository of dots',
    { type: 'github', name: 'x', repo: 'owner/..', token: 'ghp_aaaaaaaaaaaaaaaaaaaaaaaa' },
  ],
  [
    'a token with a header break',
    { type: 'github', name: 'x', repo: 'a/b', token: 'ghp_aaaaaaaaaaaaaaaaaaaa\r\nX: 1' },
  ],
  [
    'github with report.created',
    {
      type: 'github',
      name: 'x',
      repo: 'a/b',
      token: 'ghp_aaaaaaaaaaaaaaaaaaaaaaaa',
      events: ['report.created'],
    },
  ],
  [
    'a filter of 10,000 authors',
    {
      type: 'webhook',
      name: 'x',
      url: 'https://hooks.example/',
      filter: { authors: Array(10_000).fill('a') },
    },
  ],
  [
    'a filter with an unknown kind',
    { type: 'webhook', name: 'x', url: 'https://hooks.example/', filter: { kinds: ['spam'] } },
  ],
  [
    'a filter polluting the prototype',
    {
      type: 'webhook',
      name: 'x',
      url: 'https://hooks.example/',
      filter: JSON.parse('{"__proto__":{"admin":true}}'),
    },
  ],
  [
    'a filter that is a string',
    { type: 'webhook', name: 'x', url: 'https://hooks.example/', filter: "'; DROP TABLE channels; --" },
  ],
];

/** Webhook URLs into the server's own network: stored, and refused before connecting at every delivery. */
const INTERNAL = [
  'http://127.0.0.1:5432/',
  'http://169.254.169.254/latest/meta-data/',
  'http://[::1]:8787/api/v1/sites',
  'http://[::ffff:127.0.0.1]/',
  'http://10.0.0.1/',
  'http://0.0.0.0:22/',
  'http://localhost:8787/',
];

describeEachDialect('hostile channel settings', (t) => {
  let h: Harness;
  let owner: Session;
  let site: string;

  beforeAll(async () => {
    h = harness(t);
    ({ siteId: site, session: owner } = await addSignedInOwner(h));
  });

  afterAll(async () => {
    const left = await t().db.selectFrom('channels').select('name').where('site_id', '=', site).execute();
    expect(left.map((c) => c.name).filter((n) => n !== 'Stored as sent')).toEqual([]);
  });

  for (const [name, body] of REFUSED) {
    it(`refuses ${name} with 400`, async () => {
      const response = await call(h.app, 'POST', `/v1/sites/${site}/channels`, { session: owner }, body);
      expect(response.status).toBe(400);
      expect((await response.json()).error.code).toBe('invalid_request');
    });
  }

  it('stores injection attempts in a name verbatim and answers them as data', async () => {
    const name = `<img src=x onerror=alert(1)>'; DROP TABLE channels; --`;
    const response = await call(
      h.app,
      'POST',
      `/v1/sites/${site}/channels`,
      { session: owner },
      {
        type: 'webhook',
        name,
        url: 'https://hooks.example/',
        secret: SECRET,
      },
    );
    expect(response.status).toBe(201);
    const created: CreatedChannel = await response.json();
    expect(created.name).toBe(name);
    await call(h.app, 'PATCH', `/v1/channels/${created.id}`, { session: owner }, { name: 'Stored as sent' });
  });

  for (const url of INTERNAL) {
    it(`refuses to deliver to ${url} without connecting`, async () => {
      const response = await call(
        h.app,
        'POST',
        `/v1/sites/${site}/channels`,
        { session: owner },
        {
          type: 'webhook',
          name: 'internal',
          url,
        },
      );
      expect(response.status).toBe(201);
      const created: CreatedChannel = await response.json();
      const tested = await call(h.app, 'POST', `/v1/channels/${created.id}/test`, { session: owner });
      expect(tested.status).toBe(200);
      const result: ChannelTestResult = await tested.json();
      expect(result.ok).toBe(false);
      expect(result.status).toBeNull();
      expect(result.error).toMatch(/^refused: /);
      expect((await call(h.app, 'DELETE', `/v1/channels/${created.id}`, { session: owner })).status).toBe(
        204,
      );
    });
  }
});
