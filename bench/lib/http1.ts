/**
 * The raw HTTP/1.1 client both load generators share: requests written as bytes, and only the
 * status line, the framing headers and the body's length read back. On a 2-core machine the
 * generator shares the CPU with the server and PostgreSQL, and node:http's client spent more CPU
 * per request than the server under test.
 */
import { connect, type Socket } from 'node:net';

/** One request of a load. */
export interface LoadRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const CHUNKED_END = Buffer.from('\r\n0\r\n\r\n');

/** A request as the bytes sent on the wire (HTTP/1.1, keep-alive). */
export function serialise(req: LoadRequest, host: string): Buffer {
  const body = req.body === undefined ? undefined : Buffer.from(req.body);
  let head = `${req.method} ${req.path} HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n`;
  for (const [name, value] of Object.entries(req.headers)) head += `${name}: ${value}\r\n`;
  if (body) head += `Content-Length: ${body.length}\r\n`;
  head += '\r\n';
  return body ? Buffer.concat([Buffer.from(head, 'latin1'), body]) : Buffer.from(head, 'latin1');
}

/**
 * Reads one response at a time from a socket: resolves with its status once the whole response
 * (Content-Length or chunked framing) has arrived.
 */
export class ResponseReader {
  #buffer: Buffer = Buffer.alloc(0);
  #pending: { resolve: (status: number) => void; reject: (error: Error) => void } | null = null;

  constructor(socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
      this.#drain();
    });
    const fail = (error: Error) => {
      this.#pending?.reject(error);
      this.#pending = null;
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('socket closed')));
  }

  next(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.#drain();
    });
  }

  #drain(): void {
    if (!this.#pending) return;
    const headEnd = this.#buffer.indexOf(HEAD_END);
    if (headEnd < 0) return;
    const head = this.#buffer.subarray(0, headEnd).toString('latin1');
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    let end: number;
    if (length) {
      end = headEnd + 4 + Number(length[1]);
      if (this.#buffer.length < end) return;
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const at = this.#buffer.indexOf(CHUNKED_END, headEnd);
      if (at < 0) return;
      end = at + CHUNKED_END.length;
    } else {
      end = headEnd + 4;
    }
    this.#buffer = this.#buffer.subarray(end);
    const { resolve } = this.#pending;
    this.#pending = null;
    resolve(status);
  }
}

/** A keep-alive TCP connection to `origin`, Nagle off. */
export function open(origin: URL): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(origin.port), origin.hostname, () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.setNoDelay(true);
    socket.once('error', reject);
  });
}
