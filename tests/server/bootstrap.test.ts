import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapFirstStart, FIRST_OWNER_EMAIL, ownOrigins, publicOrigin } from '../../server/bootstrap.js';
import { loadConfig } from '../../server/config.js';
import { openDatabase } from '../../server/db/connect.js';
import { findUserByEmail } from '../../server/db/queries/users.js';
import { verifyPassword } from '../../server/services/passwords.js';
import {
  createTestDatabase,
  describeEachDialect,
  postgresAvailable,
  type TestDatabase,
} from '../helpers/databases.js';

describe('the server origin', () => {
  it('is PUBLIC_URL when set', () => {
    const config = loadConfig({ PUBLIC_URL: 'https://typos.example.com/' });
    expect(publicOrigin(config)).toBe('https://typos.example.com');
    expect(ownOrigins(config)).toEqual(['https://typos.example.com']);
  });

  it('is localhost and 127.0.0.1 on the configured port otherwise', () => {
    const config = loadConfig({ PORT: '9123' });
    expect(publicOrigin(config)).toBe('http://localhost:9123');
    expect(ownOrigins(config)).toEqual(['http://localhost:9123', 'http://127.0.0.1:9123']);
  });
});

describeEachDialect('first-start bootstrap', (t) => {
  const config = loadConfig({ PUBLIC_URL: 'https://typos.example.com' });

  it('creates the owner and the demo site on an empty database, and nothing afterwards', async () => {
    const first = await bootstrapFirstStart(t().db, config);
    expect(first).not.toBeNull();
    expect(first?.ownerEmail).toBe(FIRST_OWNER_EMAIL);
    expect(first?.snippet).toBe(
      `<script src="https://typos.example.com/widget.js" data-site="${first?.siteKey}" async></script>`,
    );

    const owner = await findUserByEmail(t().db, FIRST_OWNER_EMAIL);
    expect(owner?.password_hash).not.toContain(first?.ownerPassword);
    expect(await verifyPassword(first!.ownerPassword, owner!.password_hash!)).toBe(true);

    const site = await t()
      .db.selectFrom('sites')
      .innerJoin('memberships', 'memberships.site_id', 'sites.id')
      .select(['sites.origins', 'memberships.user_id', 'memberships.role'])
      .where('sites.key', '=', first!.siteKey)
      .executeTakeFirstOrThrow();
    expect(site).toEqual({ origins: ['https://typos.example.com'], user_id: owner!.id, role: 'owner' });

    expect(await bootstrapFirstStart(t().db, config)).toBeNull();
    const counted = await sql<{ n: number }>`SELECT count(*)::int AS n FROM sites`.execute(t().db);
    expect(counted.rows[0]?.n).toBe(1);
  });
});

describe.runIf(postgresAvailable)('first-start bootstrap racing itself [postgres]', () => {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await database?.close();
  });

  it('creates exactly one owner when several servers start together', async () => {
    const url = database!.url!;
    // One pool each, as separate processes would have: the advisory lock is all that orders them.
    const handles = await Promise.all(
      [0, 1, 2].map(() => openDatabase({ kind: 'postgres', url, poolSize: 2 })),
    );
    try {
      const results = await Promise.all(handles.map((h) => bootstrapFirstStart(h.db, loadConfig({}))));
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      const users = await sql<{ n: number }>`SELECT count(*)::int AS n FROM users`.execute(database!.db);
      expect(users.rows[0]?.n).toBe(1);
    } finally {
      await Promise.all(handles.map((h) => h.close()));
    }
  });
});

// An embedded database admits one process, whose queries share one session: concurrent calls queue
// on it rather than race, so this checks that the queued calls still create one installation.
describe('first-start bootstrap called concurrently [pglite]', () => {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
  });
  afterAll(async () => {
    await database?.close();
  });

  it('creates exactly one owner when one process calls it three times at once', async () => {
    const results = await Promise.all([0, 1, 2].map(() => bootstrapFirstStart(database!.db, loadConfig({}))));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    const users = await sql<{ n: number }>`SELECT count(*)::int AS n FROM users`.execute(database!.db);
    expect(users.rows[0]?.n).toBe(1);
  });
});
