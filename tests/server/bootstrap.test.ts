import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { bootstrapFirstStart, FIRST_OWNER_EMAIL, ownOrigins, publicOrigin } from '../../server/bootstrap.js';
import { loadConfig } from '../../server/config.js';
import { openDatabase } from '../../server/db/connect.js';
import { findUserByEmail } from '../../server/db/queries/users.js';
import { verifyPassword } from '../../server/services/passwords.js';
import { describeEachDialect } from '../helpers/databases.js';

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

describeEachDialect('first-start bootstrap racing itself', (t) => {
  it('creates exactly one owner when several servers start together', async () => {
    // Separate pools on PostgreSQL, as separate processes would have; PGlite has one session anyway.
    const url = t().url;
    const handles = await Promise.all(
      [0, 1, 2].map(() => (url ? openDatabase({ kind: 'postgres', url, poolSize: 2 }) : null)),
    );
    try {
      const results = await Promise.all(
        handles.map((h) => bootstrapFirstStart(h?.db ?? t().db, loadConfig({}))),
      );
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      const users = await sql<{ n: number }>`SELECT count(*)::int AS n FROM users`.execute(t().db);
      expect(users.rows[0]?.n).toBe(1);
    } finally {
      await Promise.all(handles.map((h) => h?.close()));
    }
  });
});
