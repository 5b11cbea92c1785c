/**
 * Standard Webhooks signatures (standardwebhooks.com): `v1,` + base64 of HMAC-SHA256 over
 * `<id>.<timestamp>.<body>`, keyed with the base64-decoded part of the secret after `whsec_`.
 */
import { createHmac } from 'node:crypto';

/** The `webhook-signature` header of a message. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${mac}`;
}
