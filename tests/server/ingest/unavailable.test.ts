import type { KyselyPlugin } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../helpers/databases.js';
import { addSite, clock, ingestApp, report, send } from './fixtures.js';

/** A connection error as pg raises it when the server is gone. */
function refused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
}

describeEachDialect('ingest while the database is unreachable', (t) => {
  /** The test database behind a switch that makes every statement fail like a lost connection. */
  function switchable() {
    let down = false;
    const plugin: KyselyPlugin = {
      transformQuery: (args) => {
        if (down) throw refused();
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    return { db: t().db.withPlugin(plugin), setDown: (value: boolean) => (down = value) };
  }

  it('answers 503 with Retry-After at each step that needs the database, and recovers', async () => {
    const at = clock('2026-03-02T23:59:55.000Z');
    const { db, setDown } = switchable();
    const app = ingestApp(db, t().dialect, at);
    const site = await addSite(t().db);
    expect((await send(app, report(site.key), { ip: '192.0.2.1' })).status).toBe(201);

    setDown(true);
    // Site and salt cached: the store itself fails.
    const store = await send(app, report(site.key), { ip: '192.0.2.2' });
    expect(store.status).toBe(503);
    expect(store.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect((await store.json()).error.code).toBe('unavailable');

    // Past midnight the day's salt is needed (the site is still cached).
    at.set('2026-03-03T00:00:01.000Z');
    const salt = await send(app, report(site.key), { ip: '192.0.2.3' });
    expect(salt.status).toBe(503);

    // Past the site cache's lifetime the site must be read again.
    at.set('2026-03-03T00:01:00.000Z');
    const lookup = await send(app, report(site.key), { ip: '192.0.2.4' });
    expect(lookup.status).toBe(503);
    expect(lookup.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);

    setDown(false);
    expect((await send(app, report(site.key), { ip: '192.0.2.5' })).status).toBe(201);
  });
});
