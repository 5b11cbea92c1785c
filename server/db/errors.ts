/** Socket-level error codes that mean the database server cannot be reached. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'EAI_AGAIN',
]);

/**
 * SQLSTATE classes and codes meaning "not now" rather than "wrong": connection exceptions (08),
 * operator intervention such as a shutdown (57P01–57P03), insufficient resources (53), and
 * too many connections.
 */
function isTransientSqlState(code: string): boolean {
  return (
    code.startsWith('08') || code.startsWith('53') || code === '57P01' || code === '57P02' || code === '57P03'
  );
}

/** Messages pg throws without a code when a connection dies or cannot be had in time. */
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'connection error',
  'Connection ended unexpectedly',
];

/** Whether an error means the database is unreachable (answer 503 and retry), not that the query is wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (
      typeof code === 'string' &&
      (NETWORK_CODES.has(code) || (/^[0-9A-Z]{5}$/.test(code) && isTransientSqlState(code)))
    ) {
      return true;
    }
    if (e instanceof AggregateError && e.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    if (UNAVAILABLE_MESSAGES.some((m) => e instanceof Error && e.message.includes(m))) return true;
  }
  return false;
}
