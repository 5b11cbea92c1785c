/**
 * Secrets taken out of text that is about to be logged or shown: invitation, unsubscribe and
 * password-reset secrets travel in URL paths, tokens in query strings, passwords in connection
 * URLs. Applied to every log line as a whole (server/logger.ts), so no caller has to remember.
 */

/** What a redacted secret reads as. */
export const REDACTED = '[redacted]';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The path segment after one of these words is a secret (the links the server mails or shows). */
const SECRET_PATH_SEGMENT = /(\/(?:invitations|invite|unsubscribe|reset)\/)([^/?#\s"'\\]+)/gi;

/** Query and connection-string parameters whose values are secrets. */
const SECRET_PARAMETER =
  /([?&;\s"']((?:ssl)?password|pass|pwd|token|secret|api[_-]?key|sig|signature)=)([^&#\s"'\\]*)/gi;

/** `scheme://user:password@host`: the password. */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^/:@\s"'\\]*):([^@/\s"'\\]*)@/gi;

/**
 * Runs of 32 or more base64url characters: random secrets (the server's tokens are 43) wherever
 * they turn up, as a path segment the list above does not know, say. Ids (UUIDs) stay readable.
 */
const LONG_SECRET = /[A-Za-z0-9_-]{32,}/g;

/** `text` with every secret it recognises replaced by {@link REDACTED}. */
export function redactSecrets(text: string): string {
  return text
    .replace(URL_PASSWORD, `$1:${REDACTED}@`)
    .replace(SECRET_PARAMETER, `$1${REDACTED}`)
    .replace(SECRET_PATH_SEGMENT, (whole, prefix: string, segment: string) =>
      UUID.test(segment) ? whole : `${prefix}${REDACTED}`,
    )
    .replace(LONG_SECRET, (run) => (UUID.test(run) ? run : REDACTED));
}
