import type { EventBody } from '../../../contract/channels.js';
import type { HttpRequest } from '../http.js';
import { signWebhook } from '../sign.js';

/**
 * A webhook request: the event body as JSON, signed per Standard Webhooks. The id is the
 * delivery's, the same on every retry; the timestamp is the attempt's, as the spec asks.
 */
export function webhookRequest(
  url: string,
  secret: string,
  id: string,
  body: EventBody,
  now: Date,
): HttpRequest {
  const json = JSON.stringify(body);
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    method: 'POST',
    url,
    headers: {
      'Content-Type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook(secret, id, timestamp, json),
    },
    body: json,
  };
}
