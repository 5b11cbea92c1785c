import nodemailer from 'nodemailer';
import type { Config } from '../config.js';

/** One mail: every mail Misprint sends has a plain-text and an HTML part. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post, …). */
  headers?: Record<string, string>;
}

/** Sends mail through `SMTP_URL`, or knows that e-mail is not configured. */
export interface Mailer {
  /** False without `SMTP_URL`: callers skip mail and the dashboard says e-mail is off. */
  readonly enabled: boolean;
  /** Hands a message to the SMTP server; rejects when it refuses or cannot be reached. */
  send(message: MailMessage): Promise<void>;
  /** Closes pooled SMTP connections. */
  close(): void;
}

/** How long one SMTP exchange may take before it counts as failed (and is retried by its job). */
const SMTP_TIMEOUT_MS = 15_000;

/** The From header: `MAIL_FROM`, else `Misprint <misprint@` + the public host (or localhost) + `>`. */
export function mailFrom(config: Config): string {
  if (config.mailFrom) return config.mailFrom;
  const host = config.publicUrl ? new URL(config.publicUrl).hostname : 'localhost';
  return `Misprint <misprint@${host}>`;
}

/** A mailer that refuses to send: what a server without `SMTP_URL` has. */
const DISABLED: Mailer = Object.freeze({
  enabled: false,
  send: () => Promise.reject(new Error('e-mail is not configured (SMTP_URL is unset)')),
  close: () => {},
});

/**
 * The process's mailer over nodemailer's SMTP transport. `smtps://` is TLS from the first byte;
 * `smtp://` upgrades with STARTTLS when the server offers it.
 */
export function createMailer(config: Config): Mailer {
  if (!config.smtpUrl) return DISABLED;
  const transport = nodemailer.createTransport({
    url: config.smtpUrl,
    pool: true,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  });
  const from = mailFrom(config);
  return {
    enabled: true,
    async send(message) {
      await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: message.headers,
      });
    },
    close() {
      transport.close();
    },
  };
}
