/**
 * `misprint digest` as a user runs it, on PostgreSQL and on an embedded data directory: it sends
 * the digests due now to a real SMTP listener, and a second run sends nothing. Time is the real
 * clock, so the fixtures are placed relative to the site's last 08:00.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS } from '../../contract/api.js';
import type { DialectName } from '../../server/db/connect.js';
import { openDatabase } from '../../server/db/connect.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { createSite } from '../../server/db/queries/sites.js';
import { createUser } from '../../server/db/queries/users.js';
import { DIGEST_HOUR } from '../../server/mail/digest.js';
import { lastDailyInstant } from '../../server/services/time-zones.js';
import {
  createScratchPostgres,
  databaseUrl,
  dropScratchPostgres,
  isPostgresAvailable,
} from '../helpers/databases.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';
import { addReport } from '../server/routes/editor/harness.js';
import { lines, runCli } from './run.js';

const postgres = await isPostgresAvailable();
const ZONE = 'Asia/Tokyo';
const HOUR = 3_600_000;

for (const dialect of ['postgres', 'pglite'] as const satisfies readonly DialectName[]) {
  describe.runIf(dialect === 'pglite' || postgres)(`misprint digest [${dialect}]`, () => {
    let smtp: TestSmtpServer;
    let env: Record<string, string>;
    let siteId: string;
    let cleanup: () => Promise<void>;
    const address = `digest-${dialect}@news.example`;

    beforeAll(async () => {
      smtp = await startSmtpServer();
      let location: Record<string, string>;
      let handle: Awaited<ReturnType<typeof openDatabase>>;
      if (dialect === 'postgres') {
        const name = await createScratchPostgres();
        location = { DATABASE_URL: databaseUrl(name) };
        handle = await openDatabase({ kind: 'postgres', url: databaseUrl(name) });
        cleanup = () => dropScratchPostgres(name);
      } else {
        const dir = mkdtempSync(join(tmpdir(), 'misprint-digest-'));
        location = { DATA_DIR: dir };
        handle = await openDatabase({ kind: 'pglite', dataDir: dir });
        cleanup = async () => rmSync(dir, { recursive: true, force: true });
      }
      try {
        await migrateToLatest(handle.db);
        const user = await createUser(handle.db, { email: address, password: 'long enough password' });
        const site = await createSite(handle.db, {
          name: 'Tokyo Times',
          origins: ['https://tokyo.example'],
          ownerId: user.id,
          settings: { ...DEFAULT_SITE_SETTINGS, timezone: ZONE },
        });
        siteId = site.id;
        const due = lastDailyInstant(new Date(), DIGEST_HOUR, ZONE).at.getTime();
        await addReport(handle.db, siteId, { exact: 'inside', receivedAt: new Date(due - HOUR) });
        await addReport(handle.db, siteId, { exact: 'outside', receivedAt: new Date(due - 25 * HOUR) });
      } finally {
        await handle.close();
      }
      env = { ...location, SMTP_URL: smtp.url, PUBLIC_URL: 'https://typos.example', LOG_LEVEL: 'warn' };
    });
    afterAll(async () => {
      await smtp?.close();
      await cleanup?.();
    });

    it('sends the digests due now and answers how many', async () => {
      const result = await runCli(['digest', '--site', siteId], env);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({ sent: 1 });
      const mail = await smtp.waitFor((m) => m.to.includes(address));
      expect(mail.parsed.subject).toMatch(
        /^\[Tokyo Times\] Daily digest for \d{4}-\d{2}-\d{2}: 1 new report$/,
      );
      expect(mail.parsed.text).toContain('“inside”');
      expect(mail.parsed.text).not.toContain('outside');
    });

    it('sends nothing the second time the same day', async () => {
      const result = await runCli(['digest'], env);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({ sent: 0 });
      expect(smtp.messages).toHaveLength(1);
    });

    it('refuses to run without SMTP_URL, and a site that is not an id', async () => {
      const { SMTP_URL: _unset, ...withoutMail } = env;
      const unconfigured = await runCli(['digest'], withoutMail);
      expect(unconfigured.code).toBe(1);
      expect(lines(unconfigured.stderr)).toEqual([
        'misprint: digest: e-mail is not configured (set SMTP_URL)',
      ]);
      const usage = await runCli(['digest', '--site', 'front-page'], env);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('--site "front-page": must be a site id');
    });
  });
}
