/**
 * E-mail notifications end to end inside one process, on both dialects: members' choices, instant
 * mail with its 5-minute coalescing and routing, the daily digest at 08:00 in a site's zone, and
 * one-click unsubscribe. Mail goes to a real SMTP listener and is read back with mailparser; time
 * is the harness's clock, which the job runner and the mail code both read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invitation, NotificationSettings } from '../../../contract/api.js';
import { groupCreatedHandler } from '../../../server/jobs/group-created.js';
import { createJobRunner, type JobRunner } from '../../../server/jobs/runner.js';
import { DIGEST_JOB, digestHandler, digestScheduleHandler } from '../../../server/mail/digest.js';
import { INSTANT_GAP_MS, instantMailHandler, instantMailStep } from '../../../server/mail/instant.js';
import { describeEachDialect } from '../../helpers/databases.js';
import { type ReceivedMail, rawHeader, startSmtpServer, type TestSmtpServer } from '../../helpers/smtp.js';
import {
  addMember,
  addReport,
  addSite,
  addUser,
  call,
  type Harness,
  harness,
  type Session,
  signIn,
} from '../routes/editor/harness.js';

const PUBLIC_URL = 'https://typos.example';
const MINUTE = 60_000;

/** The path of a mail's List-Unsubscribe link, after checking the header's form. */
function unsubscribePath(mail: ReceivedMail): string {
  const header = rawHeader(mail, 'List-Unsubscribe') ?? '';
  const url = /^<(https:\/\/typos\.example\/api\/v1\/unsubscribe\/[^>]+)>$/.exec(header)?.[1];
  if (!url) throw new Error(`unexpected List-Unsubscribe: ${header}`);
  return new URL(url).pathname;
}

/** The dashboard links of a mail's text part. */
function reportLinks(text: string): string[] {
  return [...text.matchAll(/https:\/\/typos\.example\/app\/reports\/[0-9a-f-]{36}/g)].map((m) => m[0]);
}

describeEachDialect('e-mail notifications', (t) => {
  let smtp: TestSmtpServer;
  let h: Harness;
  let runner: JobRunner;
  let owner: { id: string; email: string };
  let editor: { id: string; email: string };
  let viewer: { id: string; email: string };
  let ownerSession: Session;
  let editorSession: Session;
  let site: string;

  /** Mails received by one address so far. */
  const mailsTo = (email: string) => smtp.messages.filter((m) => m.to.includes(email.toLowerCase()));

  const choose = async (session: Session, siteId: string, email: string) => {
    const answer = await call(h.app, 'PATCH', `/v1/sites/${siteId}/notifications`, { session }, { email });
    expect(answer.status).toBe(200);
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    h = harness(t, { SMTP_URL: smtp.url, PUBLIC_URL });
    h.clock.current = new Date('2026-11-30T12:00:00Z');
    runner = createJobRunner({
      db: h.deps.db,
      logger: h.deps.logger,
      now: h.deps.now,
      handlers: [groupCreatedHandler([instantMailStep(h.deps)]), instantMailHandler(h.deps)],
      periodic: false,
    });
    owner = await addUser(t().db, 'owner');
    editor = await addUser(t().db, 'editor');
    viewer = await addUser(t().db, 'viewer');
    site = await addSite(t().db, owner.id, 'Daily <News>');
    await addMember(t().db, site, editor.id, 'editor');
    await addMember(t().db, site, viewer.id, 'viewer');
    ownerSession = await signIn(h.app, owner.email);
    editorSession = await signIn(h.app, editor.email);
  });
  afterAll(async () => {
    h.deps.mailer.close();
    await smtp.close();
  });

  describe('choices', () => {
    it('defaults to daily for owners and editors and off for viewers', async () => {
      const read = async (email: string) => {
        const answer = await call(h.app, 'GET', `/v1/sites/${site}/notifications`, {
          session: await signIn(h.app, email),
        });
        expect(answer.status).toBe(200);
        return (await answer.json()) as NotificationSettings;
      };
      expect(await read(owner.email)).toEqual({ email: 'daily', emailConfigured: true });
      expect(await read(editor.email)).toEqual({ email: 'daily', emailConfigured: true });
      expect(await read(viewer.email)).toEqual({ email: 'off', emailConfigured: true });
    });

    it('keeps each member’s own choice, per site', async () => {
      const other = await addSite(t().db, owner.id, 'Other');
      await choose(ownerSession, other, 'instant');
      const here = await call(h.app, 'GET', `/v1/sites/${site}/notifications`, { session: ownerSession });
      expect(((await here.json()) as NotificationSettings).email).toBe('daily');
      const there = await call(h.app, 'GET', `/v1/sites/${other}/notifications`, { session: ownerSession });
      expect(((await there.json()) as NotificationSettings).email).toBe('instant');
      const refused = await call(
        h.app,
        'PATCH',
        `/v1/sites/${site}/notifications`,
        { session: ownerSession },
        {
          email: 'hourly',
        },
      );
      expect(refused.status).toBe(400);
    });

    it('says e-mail is not configured when the server has no SMTP_URL', async () => {
      const bare = harness(t, { PUBLIC_URL });
      const answer = await call(bare.app, 'GET', `/v1/sites/${site}/notifications`, {
        session: await signIn(bare.app, viewer.email),
      });
      expect(await answer.json()).toEqual({ email: 'off', emailConfigured: false });
    });
  });

  describe('instant mail', () => {
    let first: ReceivedMail;

    it('mails a new group at once, in text and HTML, with the reader’s text escaped', async () => {
      await choose(ownerSession, site, 'instant');
      const reportId = await addReport(t().db, site, {
        exact: 'recieved <script>alert(1)</script>',
        suggestion: 'received',
        comment: '<img src=x onerror=alert(2)> & more',
        title: 'Budget "2027"',
        receivedAt: h.clock.now(),
        groupKey: 'instant-first',
      });
      await runner.drain();
      first = await smtp.waitFor((m) => m.to.includes(owner.email));
      const { parsed } = first;
      expect(parsed.subject).toBe(
        '[Daily <News>] New typo: “recieved <script>alert(1)</script>” → “received”',
      );
      expect(parsed.text).toContain('“recieved <script>alert(1)</script>” → “received”');
      expect(parsed.text).toContain('Comment: <img src=x onerror=alert(2)> & more');
      expect(reportLinks(parsed.text ?? '')).toEqual([`${PUBLIC_URL}/app/reports/${reportId}`]);
      const html = parsed.html || '';
      expect(html).toContain('recieved &#60;script&#62;alert(1)&#60;/script&#62;');
      expect(html).toContain('&#60;img src=x onerror=alert(2)&#62; &#38; more');
      expect(html).not.toMatch(/<script|<img/i);
      expect(html).toContain(`href="${PUBLIC_URL}/app/reports/${reportId}"`);
      expect(rawHeader(first, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
      expect(unsubscribePath(first)).toMatch(/^\/api\/v1\/unsubscribe\//);
      // The editor and the viewer kept daily and off.
      expect(mailsTo(editor.email)).toHaveLength(0);
      expect(mailsTo(viewer.email)).toHaveLength(0);
    });

    it('does not announce a duplicate report again', async () => {
      h.clock.advance(10 * MINUTE);
      await addReport(t().db, site, { receivedAt: h.clock.now(), groupKey: 'instant-first' });
      await runner.drain();
      expect(mailsTo(owner.email)).toHaveLength(1);
    });

    it('holds groups that arrive within 5 minutes of the last mail and sends them together', async () => {
      h.clock.advance(10 * MINUTE);
      await addReport(t().db, site, { exact: 'teh', receivedAt: h.clock.now(), groupKey: 'burst-0' });
      await runner.drain();
      await smtp.waitFor((m) => m.to.includes(owner.email) && (m.parsed.text ?? '').includes('“teh”'));
      const sentAt = h.clock.now().getTime();

      h.clock.advance(MINUTE);
      await addReport(t().db, site, { exact: 'goverment', receivedAt: h.clock.now(), groupKey: 'burst-1' });
      await runner.drain();
      h.clock.advance(2 * MINUTE);
      await addReport(t().db, site, { exact: 'adress', receivedAt: h.clock.now(), groupKey: 'burst-2' });
      await runner.drain();
      expect(mailsTo(owner.email)).toHaveLength(2);

      h.clock.current = new Date(sentAt + INSTANT_GAP_MS - 1);
      await runner.drain();
      expect(mailsTo(owner.email)).toHaveLength(2);

      h.clock.current = new Date(sentAt + INSTANT_GAP_MS);
      await runner.drain();
      const together = await smtp.waitFor(
        (m) => m.to.includes(owner.email) && m.parsed.subject?.includes('2 new reports') === true,
      );
      expect(together.parsed.text).toContain('“goverment”');
      expect(together.parsed.text).toContain('“adress”');
      expect(reportLinks(together.parsed.text ?? '')).toHaveLength(2);
      expect(mailsTo(owner.email)).toHaveLength(3);
    });

    it('mails a routed group only to its assignee', async () => {
      h.clock.advance(30 * MINUTE);
      await call(
        h.app,
        'PATCH',
        `/v1/sites/${site}`,
        { session: ownerSession },
        {
          settings: { routes: [{ section: 'Sport', assignee: editor.id }] },
        },
      );
      await choose(editorSession, site, 'instant');
      await addReport(t().db, site, {
        exact: 'footbal',
        section: 'Sport',
        receivedAt: h.clock.now(),
        groupKey: 'routed',
      });
      await runner.drain();
      const routed = await smtp.waitFor((m) => m.to.includes(editor.email));
      expect(routed.parsed.text).toContain('“footbal”');
      expect(mailsTo(owner.email).some((m) => (m.parsed.text ?? '').includes('footbal'))).toBe(false);
      await choose(editorSession, site, 'daily');
    });

    it('turns e-mail off with the one-click link, and sends nothing more', async () => {
      const path = unsubscribePath(first);
      const page = await h.app.request(path);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Daily &#60;News&#62;');
      // Opening the link changed nothing.
      const before = await call(h.app, 'GET', `/v1/sites/${site}/notifications`, { session: ownerSession });
      expect(((await before.json()) as NotificationSettings).email).toBe('instant');

      const oneClick = await h.app.request(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://mail.example' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(oneClick.status).toBe(200);
      const after = await call(h.app, 'GET', `/v1/sites/${site}/notifications`, { session: ownerSession });
      expect(((await after.json()) as NotificationSettings).email).toBe('off');

      const count = mailsTo(owner.email).length;
      h.clock.advance(30 * MINUTE);
      await addReport(t().db, site, { exact: 'nothing', receivedAt: h.clock.now(), groupKey: 'after-off' });
      await runner.drain();
      h.clock.advance(30 * MINUTE);
      await runner.drain();
      expect(mailsTo(owner.email)).toHaveLength(count);
    });

    it('refuses a link whose signature or ids were changed', async () => {
      const path = unsubscribePath(first);
      const token = path.split('/').at(-1) ?? '';
      const [siteId, userId, signature] = token.split('.');
      const forged = [
        `${siteId}.${editor.id}.${signature}`,
        `${siteId}.${userId}.${(signature ?? '').replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`,
        `${siteId}.${userId}`,
      ];
      for (const bad of forged) {
        const answer = await h.app.request(`/api/v1/unsubscribe/${bad}`, { method: 'POST' });
        expect(answer.status).toBe(404);
      }
      const editorChoice = await call(h.app, 'GET', `/v1/sites/${site}/notifications`, {
        session: editorSession,
      });
      expect(((await editorChoice.json()) as NotificationSettings).email).toBe('daily');
    });
  });

  describe('daily digest', () => {
    let berlin: string;
    let utc: string;
    let reader: { id: string; email: string };
    let replicas: JobRunner[];

    beforeAll(async () => {
      reader = await addUser(t().db, 'digest');
      const session = await signIn(h.app, reader.email);
      const made = await call(
        h.app,
        'POST',
        '/v1/sites',
        { session },
        {
          name: 'Berliner Blatt',
          origins: ['https://blatt.example'],
          settings: { timezone: 'europe/berlin' },
        },
      );
      berlin = ((await made.json()) as { id: string; settings: { timezone: string } }).id;
      utc = await addSite(t().db, reader.id, 'Greenwich Gazette');
      // Europe/Berlin is UTC+1 in November: its 08:00 on the 30th is 07:00Z.
      await addReport(t().db, berlin, { exact: 'Strasse', receivedAt: '2026-11-29T10:00:00Z' });
      await addReport(t().db, berlin, { exact: 'Vorgestern', receivedAt: '2026-11-28T06:00:00Z' });
      await addReport(t().db, utc, { exact: 'colour', receivedAt: '2026-11-29T10:00:00Z' });
      // Two replicas, each looking for due digests on its own schedule.
      replicas = [0, 1].map(() =>
        createJobRunner({
          db: h.deps.db,
          logger: h.deps.logger,
          now: h.deps.now,
          handlers: [digestScheduleHandler(h.deps), digestHandler(h.deps)],
        }),
      );
    });

    const drainAll = async () => {
      for (const replica of replicas) await replica.drain();
    };

    it('sends nothing before 08:00 in the site’s zone', async () => {
      h.clock.current = new Date('2026-11-30T06:59:00Z');
      await drainAll();
      expect(mailsTo(reader.email)).toHaveLength(0);
    });

    it('sends one digest at 08:00 in the site’s zone of the 24 hours before, once across replicas', async () => {
      // The replicas look every 5 minutes, each period's look jittered by up to 30 s.
      h.clock.current = new Date('2026-11-30T07:00:30Z');
      await drainAll();
      const digest = await smtp.waitFor((m) => m.to.includes(reader.email));
      expect(digest.parsed.subject).toBe('[Berliner Blatt] Daily digest for 2026-11-30: 1 new report');
      expect(digest.parsed.text).toContain('“Strasse”');
      expect(digest.parsed.text).not.toContain('Vorgestern');
      expect(reportLinks(digest.parsed.text ?? '')).toHaveLength(1);
      expect(digest.parsed.html).toContain(`${PUBLIC_URL}/app/reports/`);
      expect(rawHeader(digest, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
      // The UTC site's last 08:00 was yesterday's, before its report arrived.
      expect(mailsTo(reader.email)).toHaveLength(1);

      h.clock.current = new Date('2026-11-30T07:40:00Z');
      await drainAll();
      expect(mailsTo(reader.email)).toHaveLength(1);
      const jobs = await t()
        .db.selectFrom('jobs')
        .select('dedupe_key')
        .where('kind', '=', DIGEST_JOB)
        .where('dedupe_key', 'like', `%${reader.id}%`)
        .execute();
      expect(jobs.map((j) => j.dedupe_key)).toEqual([`${DIGEST_JOB}:${berlin}:${reader.id}:2026-11-30`]);
    });

    it('sends the UTC site’s digest at 08:00 UTC', async () => {
      h.clock.current = new Date('2026-11-30T08:00:30Z');
      await drainAll();
      const digest = await smtp.waitFor(
        (m) => m.to.includes(reader.email) && m.parsed.subject?.includes('Greenwich') === true,
      );
      expect(digest.parsed.text).toContain('“colour”');
      expect(mailsTo(reader.email)).toHaveLength(2);
    });
  });

  describe('with two replicas', () => {
    it('mails each group once, however the replicas share the jobs', async () => {
      const member = await addUser(t().db, 'replicas');
      const own = await addSite(t().db, member.id, 'Replica Review');
      await choose(await signIn(h.app, member.email), own, 'instant');
      const replicas = [0, 1].map(() =>
        createJobRunner({
          db: h.deps.db,
          logger: h.deps.logger,
          now: h.deps.now,
          handlers: [groupCreatedHandler([instantMailStep(h.deps)]), instantMailHandler(h.deps)],
          periodic: false,
        }),
      );
      h.clock.advance(60 * MINUTE);
      const words = [
        'alpha',
        'bravo',
        'charlie',
        'delta',
        'echo',
        'foxtrot',
        'golf',
        'hotel',
        'india',
        'juliett',
        'kilo',
        'lima',
      ];
      for (const word of words) await addReport(t().db, own, { exact: word, receivedAt: h.clock.now() });
      await Promise.all(replicas.map((r) => r.drain()));
      h.clock.advance(INSTANT_GAP_MS);
      await Promise.all(replicas.map((r) => r.drain()));
      const mails = mailsTo(member.email);
      expect(mails.length).toBeGreaterThanOrEqual(1);
      expect(mails.length).toBeLessThanOrEqual(2);
      const mentioned = mails.flatMap((m) => words.filter((w) => (m.parsed.text ?? '').includes(`“${w}”`)));
      expect(mentioned.sort()).toEqual([...words].sort());
    });
  });

  describe('when the SMTP server refuses', () => {
    it('retries the instant mail with backoff and sends it once', async () => {
      const member = await addUser(t().db, 'retry');
      const own = await addSite(t().db, member.id, 'Retry Post');
      await choose(await signIn(h.app, member.email), own, 'instant');
      h.clock.advance(60 * MINUTE);
      smtp.refuseNext(1);
      await addReport(t().db, own, { exact: 'refused once', receivedAt: h.clock.now() });
      await runner.drain();
      expect(mailsTo(member.email)).toHaveLength(0);
      const [job] = await t()
        .db.selectFrom('jobs')
        .select(['attempts', 'last_error', 'run_at'])
        .where('kind', '=', 'mail.instant')
        .where('done_at', 'is', null)
        .execute();
      expect(job?.attempts).toBe(1);
      expect(job?.last_error).toMatch(/try again later/);
      h.clock.advance(2 * MINUTE);
      await runner.drain();
      const mail = await smtp.waitFor((m) => m.to.includes(member.email));
      expect(mail.parsed.text).toContain('“refused once”');
      expect(mailsTo(member.email)).toHaveLength(1);
    });
  });

  describe('invitations', () => {
    const invite = (body: unknown) =>
      call(h.app, 'POST', `/v1/sites/${site}/invitations`, { session: ownerSession }, body);

    it('mails an invitation that names an address, with the link the owner sees', async () => {
      const answer = await invite({ role: 'editor', email: 'New.Editor@News.Example' });
      expect(answer.status).toBe(201);
      const invitation: Invitation = await answer.json();
      expect(invitation.mailed).toBe(true);
      const mail = await smtp.waitFor((m) => m.to.includes('new.editor@news.example'));
      expect(mail.parsed.subject).toBe('You are invited to Daily <News> on Misprint');
      expect(mail.parsed.text).toContain(`Accept: ${invitation.url}`);
      expect(invitation.url).toMatch(/^https:\/\/typos\.example\/app\/invite\//);
      expect(mail.parsed.html).toContain(`href="${invitation.url}"`);
      expect(mail.parsed.html).toContain('Daily &#60;News&#62;');
      expect(rawHeader(mail, 'List-Unsubscribe')).toBeUndefined();
    });

    it('never takes a mailed link’s origin from the request', async () => {
      const bare = harness(t, { SMTP_URL: smtp.url });
      const session = await signIn(bare.app, owner.email);
      const answer = await bare.app.request(`http://attacker.example/api/v1/sites/${site}/invitations`, {
        method: 'POST',
        headers: {
          Cookie: session.cookie,
          'X-CSRF-Token': session.csrfToken,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ role: 'viewer', email: 'hosted@news.example' }),
      });
      expect(answer.status).toBe(201);
      const invitation: Invitation = await answer.json();
      const token = invitation.url?.split('/').at(-1) ?? '';
      const mail = await smtp.waitFor((m) => m.to.includes('hosted@news.example'));
      expect(mail.parsed.text).toContain(`Accept: http://localhost:8787/app/invite/${token}`);
      expect(mail.raw).not.toContain('attacker.example');
      bare.deps.mailer.close();
    });

    it('mails nothing for a link without an address', async () => {
      const before = smtp.messages.length;
      const invitation: Invitation = await (await invite({ role: 'viewer' })).json();
      expect(invitation.mailed).toBe(false);
      expect(invitation.url).toBeDefined();
      expect(smtp.messages).toHaveLength(before);
    });

    it('still creates the invitation when the SMTP server refuses, and says it was not mailed', async () => {
      smtp.refuseNext(1);
      const answer = await invite({ role: 'viewer', email: 'refused@news.example' });
      expect(answer.status).toBe(201);
      const invitation: Invitation = await answer.json();
      expect(invitation.mailed).toBe(false);
      expect(invitation.url).toBeDefined();
    });
  });
});
