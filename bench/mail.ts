/**
 * `npx tsx bench/mail.ts [sites]`: how long an editor who chose instant e-mail waits for a new
 * report. Runs the real server on a scratch PostgreSQL database with SMTP_URL pointing at a real
 * SMTP listener on 127.0.0.1, sends one report to each of `sites` sites (default 30; one site each
 * because a member gets at most one instant mail per site every 5 minutes) and measures from the
 * 201 to the mail's arrival at the listener. Prints p50, p95, p99 and the maximum. Needs
 * `npm run build:server`.
 */
import { pathToFileURL } from 'node:url';
import { DEFAULT_SITE_SETTINGS } from '../contract/api.js';
import { createSite } from '../server/db/queries/sites.js';
import { createUser } from '../server/db/queries/users.js';
import { FIXTURE_ORIGIN, validReport } from '../tests/helpers/reports.js';
import { startServer } from '../tests/helpers/server.js';
import { startSmtpServer } from '../tests/helpers/smtp.js';
import { createScratch } from './lib/scratch.js';
import { fixed, type Latencies, latencies } from './lib/stats.js';

/** Figures of the mail benchmark. */
export interface MailFigures {
  readonly sites: number;
  /** From the report's 201 to the instant mail at the SMTP listener, in ms. */
  readonly latency: Latencies;
}

/** Sends one report per site through the real server and times each instant mail. */
export async function benchMail(
  sites: number,
  log: (line: string) => void = console.log,
): Promise<MailFigures> {
  const scratch = await createScratch();
  const smtp = await startSmtpServer();
  try {
    const targets: { key: string; email: string }[] = [];
    for (let i = 0; i < sites; i++) {
      const email = `editor-${i}@bench.example`;
      const user = await createUser(scratch.handle.db, { email, password: null });
      const site = await createSite(scratch.handle.db, {
        name: `Bench ${i}`,
        origins: [FIXTURE_ORIGIN],
        ownerId: user.id,
        settings: DEFAULT_SITE_SETTINGS,
      });
      await scratch.handle.db
        .insertInto('email_preferences')
        .values({ site_id: site.id, user_id: user.id, email: 'instant' })
        .execute();
      targets.push({ key: site.key, email });
    }
    const server = await startServer({
      DATABASE_URL: scratch.url,
      SMTP_URL: smtp.url,
      PUBLIC_URL: 'http://127.0.0.1:8787',
      LOG_LEVEL: 'error',
    });
    const samples: number[] = [];
    try {
      for (const [i, target] of targets.entries()) {
        const response = await fetch(`${server.url}/api/v1/reports`, {
          method: 'POST',
          headers: { Origin: FIXTURE_ORIGIN, 'Content-Type': 'application/json' },
          body: JSON.stringify(validReport(target.key, i)),
        });
        if (response.status !== 201) throw new Error(`report refused: ${response.status}`);
        const accepted = performance.now();
        await smtp.waitFor((m) => m.to.includes(target.email), 30_000);
        samples.push(performance.now() - accepted);
      }
    } finally {
      await server.stop();
    }
    const figures = { sites, latency: latencies(samples) };
    printMail(figures, log);
    return figures;
  } finally {
    await smtp.close();
    await scratch.drop();
  }
}

/** Prints the figures. */
export function printMail(figures: MailFigures, log: (line: string) => void = console.log): void {
  const l = figures.latency;
  log(
    `instant mail, 201 → SMTP listener (${figures.sites} reports): p50 ${fixed(l.p50, 0)} ms, ` +
      `p95 ${fixed(l.p95, 0)} ms, p99 ${fixed(l.p99, 0)} ms, max ${fixed(l.max, 0)} ms`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchMail(Number(process.argv[2] ?? 30));
}
