import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_MIN } from '../../server/schemas/passwords.js';
import { verifyPassword } from '../../server/services/passwords.js';
import { hashSecret } from '../../server/services/secrets.js';
import {
  createScratchPostgres,
  databaseUrl,
  dropScratchPostgres,
  isPostgresAvailable,
} from '../helpers/databases.js';
import { lines, runCli } from './run.js';

const postgres = await isPostgresAvailable();

/** Expects a failed run that printed exactly one line on stderr and nothing on stdout. */
function expectOneLineError(
  result: { code: number | null; stdout: string; stderr: string },
  code: number,
): string {
  expect(result.code).toBe(code);
  expect(result.stdout).toBe('');
  expect(lines(result.stderr)).toHaveLength(1);
  expect(result.stderr).toMatch(/^misprint: /);
  return result.stderr;
}

describe('misprint --help and usage mistakes', () => {
  it('prints the usage on --help and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['serve', 'migrate', 'user create', 'site create', 'token create']) {
      expect(result.stdout).toContain(`misprint ${command}`);
    }
  });

  it('rejects an unknown command with one line and exit code 2', async () => {
    expect(expectOneLineError(await runCli(['frobnicate']), 2)).toContain('unknown command: frobnicate');
  });

  it('rejects an unknown option with one line', async () => {
    const stderr = expectOneLineError(await runCli(['user', 'create', '--emial', 'a@b.example']), 2);
    expect(stderr).toContain("'--emial'");
  });

  it.each([
    [
      ['user', 'create', '--email', 'not-an-address', '--password', 'long enough for the rule'],
      '--email "not-an-address": must be an e-mail address',
    ],
    [
      ['user', 'create', '--email', 'a@news.example', '--password', 'short'],
      '--password: must be at least 10 characters',
    ],
    [
      [
        'user',
        'create',
        '--email',
        'a@news.example',
        '--password',
        'long enough for the rule',
        '--name',
        ' ',
      ],
      '--name " ": must not be empty',
    ],
    [['user', 'create', '--password', 'long enough for the rule'], '--email is required'],
    [['site', 'create', '--name', 'N', '--owner', 'a@news.example'], 'at least one --origin is required'],
    [
      [
        'site',
        'create',
        '--name',
        'N',
        '--origin',
        'https://news.example',
        '--origin',
        'news.example',
        '--owner',
        'a@news.example',
      ],
      '--origin "news.example": must be an http(s) origin',
    ],
    [
      ['site', 'create', '--name', 'N', '--origin', 'https://news.example', '--owner', 'nobody'],
      '--owner "nobody": must be an e-mail address',
    ],
    [
      ['token', 'create', '--email', 'a@news.example', '--name', 'x'.repeat(101)],
      'must be at most 100 characters',
    ],
    [['token', 'create'], '--email is required'],
  ])('validates %j before touching the database', async (args, message) => {
    // An unreachable database proves validation runs first: it would otherwise fail on connecting.
    const result = await runCli(args, { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
    expect(expectOneLineError(result, 2)).toContain(message);
  });

  it('refuses a password by the API’s rule without printing it', async () => {
    const args = ['user', 'create', '--email', 'a@news.example', '--password', 'sesame7'];
    const stderr = expectOneLineError(
      await runCli(args, { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' }),
      2,
    );
    expect(stderr).toContain(`at least ${PASSWORD_MIN} characters`);
    expect(stderr).not.toContain('sesame7');
  });

  it('fails with one line when the database cannot be reached', async () => {
    const result = await runCli(['migrate'], { DATABASE_URL: 'postgres://postgres:pw@127.0.0.1:1/none' });
    const stderr = expectOneLineError(result, 1);
    expect(stderr).toContain('cannot reach the database at postgres://postgres:***@127.0.0.1:1/none');
    expect(stderr).not.toContain(':pw@');
  });

  it('masks a password given as ?password= in the URL too', async () => {
    const result = await runCli(['migrate'], {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none?sslmode=disable&password=hunter22',
    });
    const stderr = expectOneLineError(result, 1);
    expect(stderr).toContain(
      'cannot reach the database at postgres://postgres@127.0.0.1:1/none?sslmode=disable&password=***',
    );
    expect(stderr).not.toContain('hunter22');
  });

  it('fails with one line on invalid configuration', async () => {
    expect(expectOneLineError(await runCli(['migrate'], { PORT: 'eighty' }), 1)).toContain('invalid PORT');
  });
});

describe.runIf(postgres)('misprint commands on PostgreSQL', () => {
  let name: string;
  let env: Record<string, string>;
  let admin: pg.Client;

  beforeAll(async () => {
    name = await createScratchPostgres();
    env = { DATABASE_URL: databaseUrl(name), PUBLIC_URL: 'https://typos.example.com' };
    admin = new pg.Client({ connectionString: databaseUrl(name) });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    if (name) await dropScratchPostgres(name);
  });

  it('migrates an empty database, then finds nothing to do', async () => {
    const first = await runCli(['migrate'], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).applied).toContain('0001_init');
    const second = await runCli(['migrate'], env);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ applied: [] });
  });

  it('creates a user with a hashed password and prints it as JSON', async () => {
    const result = await runCli(
      ['user', 'create', '--email', 'Ed@News.Example', '--password', 'correct horse battery', '--name', 'Ed'],
      env,
    );
    expect(result.code).toBe(0);
    const user = JSON.parse(result.stdout);
    expect(user).toEqual({ id: expect.any(String), email: 'ed@news.example', name: 'Ed' });
    const row = await admin.query('SELECT password_hash FROM users WHERE id = $1', [user.id]);
    expect(row.rows[0].password_hash).toMatch(/^scrypt\$/);
    expect(row.rows[0].password_hash).not.toContain('correct horse battery');
  });

  it('refuses a second user with the same e-mail in one line, in any case', async () => {
    const result = await runCli(
      ['user', 'create', '--email', 'ED@news.example', '--password', 'another one altogether'],
      env,
    );
    expect(expectOneLineError(result, 1)).toContain('a user with e-mail ED@news.example already exists');
  });

  it('reads the password from stdin with --password -', async () => {
    const result = await runCli(
      ['user', 'create', '--email', 'stdin@news.example', '--password', '-'],
      env,
      'from standard input\n',
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).email).toBe('stdin@news.example');
  });

  it('creates a site owned by the user and prints its key and snippet', async () => {
    const result = await runCli(
      [
        'site',
        'create',
        '--name',
        'The News',
        '--origin',
        'https://News.example/',
        '--origin',
        'http://localhost:3000',
        '--origin',
        'https://news.example',
        '--owner',
        'ed@news.example',
      ],
      env,
    );
    expect(result.code).toBe(0);
    const site = JSON.parse(result.stdout);
    expect(Object.keys(site).sort()).toEqual(['id', 'key', 'snippet']);
    expect(site.snippet).toBe(
      `<script src="https://typos.example.com/widget.js" data-site="${site.key}" async></script>`,
    );
    const row = await admin.query(
      `SELECT s.name, s.origins, m.role, u.email FROM sites s
       JOIN memberships m ON m.site_id = s.id JOIN users u ON u.id = m.user_id WHERE s.id = $1`,
      [site.id],
    );
    expect(row.rows).toEqual([
      {
        name: 'The News',
        origins: ['https://news.example', 'http://localhost:3000'],
        role: 'owner',
        email: 'ed@news.example',
      },
    ]);
  });

  it('refuses a site for an owner who does not exist', async () => {
    const result = await runCli(
      ['site', 'create', '--name', 'X', '--origin', 'https://x.example', '--owner', 'nobody@news.example'],
      env,
    );
    expect(expectOneLineError(result, 1)).toContain('no user with e-mail nobody@news.example');
  });

  it('creates an API token whose hash alone is stored', async () => {
    const result = await runCli(
      ['token', 'create', '--email', 'ed@news.example', '--name', 'deploy bot'],
      env,
    );
    expect(result.code).toBe(0);
    const { token } = JSON.parse(result.stdout);
    expect(token).toMatch(/^mp_[\w-]{43}$/);
    const row = await admin.query('SELECT name, token_hash FROM api_tokens WHERE token_hash = $1', [
      hashSecret(token),
    ]);
    expect(row.rows).toEqual([{ name: 'deploy bot', token_hash: hashSecret(token) }]);
  });

  it('creates a read-only token with an expiry', async () => {
    const result = await runCli(
      ['token', 'create', '--email', 'ed@news.example', '--scope', 'read', '--expires-in-days', '30'],
      env,
    );
    expect(result.code).toBe(0);
    const { token } = JSON.parse(result.stdout);
    const row = await admin.query(
      'SELECT scope, expires_at - created_at AS lifetime FROM api_tokens WHERE token_hash = $1',
      [hashSecret(token)],
    );
    expect(row.rows[0].scope).toBe('read');
    expect(row.rows[0].lifetime).toEqual(expect.objectContaining({ days: 30 }));
    const refused = await runCli(['token', 'create', '--email', 'ed@news.example', '--scope', 'admin'], env);
    expect(expectOneLineError(refused, 2)).toContain('--scope "admin"');
  });

  it('sets a password read from stdin, by the rule, and ends the user’s sessions', async () => {
    const user = await admin.query("SELECT id FROM users WHERE email = 'ed@news.example'");
    await admin.query(
      "INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at) VALUES ('cli-test', $1, 'x', now() + interval '1 day')",
      [user.rows[0].id],
    );
    const weak = await runCli(['user', 'password', '--email', 'ed@news.example'], env, 'password123\n');
    expect(expectOneLineError(weak, 2)).toContain('most common passwords');
    expect(weak.stderr).not.toContain('password123');
    const result = await runCli(
      ['user', 'password', '--email', 'ED@news.example'],
      env,
      'a fresh passphrase from stdin\n',
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ ok: true });
    const row = await admin.query('SELECT password_hash FROM users WHERE id = $1', [user.rows[0].id]);
    expect(await verifyPassword('a fresh passphrase from stdin', row.rows[0].password_hash)).toBe(true);
    const sessions = await admin.query('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1', [
      user.rows[0].id,
    ]);
    expect(sessions.rows[0].n).toBe(0);
    const unknown = await runCli(
      ['user', 'password', '--email', 'ghost@news.example', '--password', '-'],
      env,
      'a fresh passphrase\n',
    );
    expect(expectOneLineError(unknown, 1)).toContain('no user with e-mail ghost@news.example');
  });

  it('refuses a token for an unknown user', async () => {
    const result = await runCli(['token', 'create', '--email', 'ghost@news.example'], env);
    expect(expectOneLineError(result, 1)).toContain('no user with e-mail ghost@news.example');
  });
});

describe('misprint commands on the embedded database', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'misprint-cli-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  // Three processes each open the embedded database, the first one creating it: slow on a busy runner.
  it('migrates DATA_DIR on first use and creates a user and a site there', { timeout: 180_000 }, async () => {
    const env = { DATA_DIR: dataDir };
    const user = await runCli(
      ['user', 'create', '--email', 'pg@lite.example', '--password', 'long enough for the rule'],
      env,
    );
    expect(user.code).toBe(0);
    const site = await runCli(
      ['site', 'create', '--name', 'Lite', '--origin', 'https://lite.example', '--owner', 'pg@lite.example'],
      { ...env, PORT: '9999' },
    );
    expect(site.code).toBe(0);
    expect(JSON.parse(site.stdout).snippet).toContain('src="http://localhost:9999/widget.js"');
    const again = await runCli(
      ['user', 'create', '--email', 'pg@lite.example', '--password', 'long enough for the rule'],
      env,
    );
    expect(expectOneLineError(again, 1)).toContain('already exists');
  });
});
