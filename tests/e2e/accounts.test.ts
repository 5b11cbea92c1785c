import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../server/db/connect.js';
import { createSite } from '../../server/db/queries/sites.js';
import { createUser } from '../../server/db/queries/users.js';
import { axeViolations } from '../helpers/axe.js';
import { isChromiumAvailable, launchChromium, signInOnDashboard } from '../helpers/browser.js';
import {
  createScratchPostgres,
  databaseUrl,
  dropScratchPostgres,
  isPostgresAvailable,
} from '../helpers/databases.js';
import { freePort, type RunningServer, startServer } from '../helpers/server.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';

const PASSWORD = 'correct horse battery staple';

const available = isChromiumAvailable() && (await isPostgresAvailable());

describe.runIf(available)('accounts end to end', () => {
  let server: RunningServer;
  let browser: Browser;
  let database: DatabaseHandle;
  let databaseName: string;
  let smtp: TestSmtpServer;
  let serverUrl = '';
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    smtp = await startSmtpServer();
    databaseName = await createScratchPostgres();
    const port = await freePort();
    serverUrl = `http://127.0.0.1:${port}`;
    server = await startServer(
      { DATABASE_URL: databaseUrl(databaseName), PUBLIC_URL: serverUrl, SMTP_URL: smtp.url },
      { port },
    );
    database = await openDatabase({ kind: 'postgres', url: databaseUrl(databaseName) });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
    await database?.close();
    if (databaseName) await dropScratchPostgres(databaseName);
    await smtp?.close();
  });

  /** A user with a site of their own, so signing in lands in an inbox. */
  async function addEditor(email: string): Promise<void> {
    const user = await createUser(database.db, { email, password: PASSWORD, name: null });
    await createSite(database.db, {
      name: `Site of ${email}`,
      origins: ['https://news.example'],
      ownerId: user.id,
    });
  }

  /** A browser of its own (own cookies), as a second computer would be. */
  async function freshPage(
    options: { bypassCSP?: boolean; colorScheme?: 'light' | 'dark' } = {},
  ): Promise<Page> {
    const context = await browser.newContext({ ...options, viewport: { width: 360, height: 740 } });
    contexts.push(context);
    return context.newPage();
  }

  function signIn(page: Page, email: string, password: string): Promise<void> {
    return signInOnDashboard(page, serverUrl, email, password);
  }

  /** Whether a page, reloaded, still belongs to a signed-in session. */
  async function stillSignedIn(page: Page): Promise<boolean> {
    await page.reload();
    const signInForm = page.getByRole('heading', { name: 'Sign in to Misprint' });
    const signedIn = page.getByRole('link', { name: 'API tokens' });
    await signInForm.or(signedIn).first().waitFor();
    return signedIn.isVisible();
  }

  /** A new editor signed in on two computers. */
  async function signedInTwice(email: string): Promise<{ here: Page; elsewhere: Page }> {
    await addEditor(email);
    const here = await freshPage();
    const elsewhere = await freshPage();
    await signIn(here, email, PASSWORD);
    await signIn(elsewhere, email, PASSWORD);
    return { here, elsewhere };
  }

  it('changes the password on the Account page; the other computer is signed out', async () => {
    const email = 'changer@news.example';
    const { here, elsewhere } = await signedInTwice(email);

    await here.getByRole('link', { name: email }).click();
    await here.getByRole('heading', { name: 'Account' }).waitFor();
    await here.getByLabel('Current password').fill(PASSWORD);
    await here.getByLabel('New password', { exact: true }).fill('password123');
    await here.getByRole('button', { name: 'Change password' }).click();
    await here.getByText('The new password is one of the most common passwords; choose another.').waitFor();

    await here.getByLabel('New password', { exact: true }).fill('a much better passphrase');
    await here.getByRole('button', { name: 'Change password' }).click();
    await here.getByText('Password changed. Every other session has been signed out.').waitFor();

    expect(await stillSignedIn(here)).toBe(true);
    expect(await stillSignedIn(elsewhere)).toBe(false);
    const next = await freshPage();
    await signIn(next, email, 'a much better passphrase');
  });

  it('resets a forgotten password with the link mailed to the account, once', async () => {
    const email = 'forgetful@news.example';
    await addEditor(email);
    const elsewhere = await freshPage();
    await signIn(elsewhere, email, PASSWORD);

    const page = await freshPage();
    await page.goto(`${serverUrl}/app/`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText(/a link to choose a new password is on its way/).waitFor();

    const mail = await smtp.waitFor((m) => m.to.includes(email), 20_000);
    const link = /(http:\/\/127\.0\.0\.1:\d+\/app\/reset\/[\w-]+)/.exec(mail.parsed.text ?? '')?.[1];
    if (!link) throw new Error(`no reset link in: ${mail.parsed.text}`);
    expect(link.startsWith(`${serverUrl}/app/reset/`)).toBe(true);

    await page.goto(link);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('The new password must be at least 10 characters.').waitFor();
    await page.getByLabel('New password', { exact: true }).fill('remembered at last');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText(/Your password was changed and every session signed out/).waitFor();

    expect(await stillSignedIn(elsewhere)).toBe(false);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await signIn(page, email, 'remembered at last');

    const again = await freshPage();
    await again.goto(link);
    await again.getByLabel('New password', { exact: true }).fill('somebody else now');
    await again.getByRole('button', { name: 'Set new password' }).click();
    await again.getByText(/This link was used or has expired/).waitFor();
  });

  it('tells an unknown address the same, and mails it nothing', async () => {
    const page = await freshPage();
    await page.goto(`${serverUrl}/app/reset`);
    await page.getByLabel('Email').fill('nobody@news.example');
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText(/a link to choose a new password is on its way/).waitFor();
    // A known address asked afterwards is mailed, and the unknown one never was.
    await addEditor('known@news.example');
    const known = await freshPage();
    await known.goto(`${serverUrl}/app/reset`);
    await known.getByLabel('Email').fill('known@news.example');
    await known.getByRole('button', { name: 'Send reset link' }).click();
    await smtp.waitFor((m) => m.to.includes('known@news.example'), 20_000);
    expect(smtp.messages.some((m) => m.to.includes('nobody@news.example'))).toBe(false);
  });

  it('signs out everywhere from the Account page', async () => {
    const email = 'leaving@news.example';
    const { here, elsewhere } = await signedInTwice(email);
    await here.getByRole('link', { name: email }).click();
    await here.getByRole('button', { name: 'Sign out everywhere' }).click();
    await here.getByRole('heading', { name: 'Sign in to Misprint' }).waitFor();
    expect(await stillSignedIn(here)).toBe(false);
    expect(await stillSignedIn(elsewhere)).toBe(false);
  });

  it.each(['light', 'dark'] as const)(
    'passes axe (WCAG A/AA) on the Account and reset pages, errors shown (%s)',
    async (colorScheme) => {
      const email = `axe-${colorScheme}@news.example`;
      await addEditor(email);
      // axe is injected as an inline script, which the dashboard's CSP rightly refuses.
      const page = await freshPage({ bypassCSP: true, colorScheme });
      await signIn(page, email, PASSWORD);
      await page.goto(`${serverUrl}/app/account`);
      await page.getByLabel('Current password').fill('not the password');
      await page.getByLabel('New password', { exact: true }).fill('a much better passphrase');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByText('The current password is wrong.').waitFor();
      expect(await axeViolations(page), 'account').toEqual([]);
      await page.goto(`${serverUrl}/app/reset`);
      await page.getByRole('button', { name: 'Send reset link' }).waitFor();
      expect(await axeViolations(page), 'reset').toEqual([]);
      await page.goto(`${serverUrl}/app/reset/made-up`);
      await page.getByLabel('New password', { exact: true }).fill('short');
      await page.getByRole('button', { name: 'Set new password' }).click();
      await page.getByText('The new password must be at least 10 characters.').waitFor();
      expect(await axeViolations(page), 'new password').toEqual([]);
      await page.goto(`${serverUrl}/app/tokens`);
      await page.getByRole('button', { name: 'Create token' }).waitFor();
      expect(await axeViolations(page), 'tokens').toEqual([]);
    },
  );
});
