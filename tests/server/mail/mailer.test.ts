import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config.js';
import { createMailer, mailFrom } from '../../../server/mail/mailer.js';
import { rawHeader, startSmtpServer, type TestSmtpServer } from '../../helpers/smtp.js';

describe('mailer', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp.close();
  });

  it('is disabled without SMTP_URL and refuses to send', async () => {
    const mailer = createMailer(loadConfig({}));
    expect(mailer.enabled).toBe(false);
    await expect(
      mailer.send({ to: 'a@news.example', subject: 's', text: 't', html: '<p>t</p>' }),
    ).rejects.toThrow(/not configured/);
  });

  it('delivers a text and an HTML part with the extra headers to a real SMTP server', async () => {
    const mailer = createMailer(loadConfig({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://typos.news.example' }));
    expect(mailer.enabled).toBe(true);
    await mailer.send({
      to: 'ed@news.example',
      subject: 'A new typo on “Budget”',
      text: 'recieved → received',
      html: '<p>recieved → received</p>',
      headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    mailer.close();
    const mail = await smtp.waitFor((m) => m.to.includes('ed@news.example'));
    expect(mail.parsed.subject).toBe('A new typo on “Budget”');
    expect(mail.parsed.text?.trim()).toBe('recieved → received');
    expect(mail.parsed.html).toContain('<p>recieved → received</p>');
    expect(mail.parsed.from?.value).toEqual([{ name: 'Misprint', address: 'misprint@typos.news.example' }]);
    expect(rawHeader(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
  });

  it('rejects when the server refuses the message, so the job that sent it retries', async () => {
    const mailer = createMailer(loadConfig({ SMTP_URL: smtp.url }));
    smtp.refuseNext(1);
    await expect(
      mailer.send({ to: 'b@news.example', subject: 's', text: 't', html: '<p>t</p>' }),
    ).rejects.toThrow();
    mailer.close();
  });

  it('takes MAIL_FROM as given', () => {
    expect(mailFrom(loadConfig({ MAIL_FROM: 'Desk <desk@news.example>' }))).toBe('Desk <desk@news.example>');
    expect(mailFrom(loadConfig({}))).toBe('Misprint <misprint@localhost>');
  });
});
