import { isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * Stand-in when no address is known (a request not served by node, e.g. `app.request()` in tests):
 * such requests share one rate-limit bucket, which errs on the strict side.
 */
export const UNKNOWN_CLIENT = 'unknown';

/** The eight 16-bit groups of an IPv6 address, or null when it is not one. */
function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase().split('%', 1)[0] ?? '';
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const bytes = v4[1].split('.').map(Number);
    const [a = 0, b = 0, c = 0, d = 0] = bytes;
    text = `${text.slice(0, -v4[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail].map((g) =>
    Number.parseInt(g, 16),
  );
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/**
 * The unit a client is limited as: an IPv4 address, or the /64 network of an IPv6 address (one
 * subscriber's allocation: rotating through its addresses must not reset the limit). IPv4-mapped
 * IPv6 addresses count as IPv4. Null when `value` is not an IP address.
 */
export function clientKey(value: string): string | null {
  const address = value.trim();
  if (isIP(address) === 4) return address;
  if (isIP(address.split('%', 1)[0] ?? '') !== 6) return null;
  const groups = ipv6Groups(address);
  if (!groups) return null;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** Whether the request reached us through Node's HTTP server (whose parser enforces Content-Length). */
export function servedByNode(c: Context): boolean {
  const env: unknown = c.env;
  return typeof env === 'object' && env !== null && 'incoming' in env;
}

/** The socket's peer address, or null when the request did not come through a node socket. */
function socketAddress(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}

/** Whether an address is on the loopback network (127.0.0.0/8, ::1, or 127.x mapped into IPv6). */
function isLoopbackAddress(address: string): boolean {
  const key = clientKey(address);
  if (key && isIP(key) === 4) return key.startsWith('127.');
  return ipv6Groups(address)?.every((group, i) => group === (i === 7 ? 1 : 0)) ?? false;
}

/**
 * Whether the request came straight from this machine: a loopback socket peer, and no proxy
 * header, since a reverse proxy on the same host connects from loopback on behalf of anyone.
 */
export function isLoopbackRequest(c: Context): boolean {
  if (c.req.header('x-forwarded-for') !== undefined || c.req.header('forwarded') !== undefined) return false;
  const socket = socketAddress(c);
  return socket !== null && isLoopbackAddress(socket);
}

/**
 * Who sent the request, as a {@link clientKey}. Behind a trusted proxy the rightmost
 * X-Forwarded-For entry is the one our proxy appended (the entries left of it are whatever the
 * client claimed); without `trustProxy` the header is ignored, since anyone can send it.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for');
    const last = forwarded?.split(',').pop();
    const key = last ? clientKey(last) : null;
    if (key) return key;
  }
  const socket = socketAddress(c);
  return (socket && clientKey(socket)) ?? UNKNOWN_CLIENT;
}
