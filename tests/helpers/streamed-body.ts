/**
 * A request whose body is streamed chunk by chunk over a raw socket (no Content-Length), as a
 * client feeding a huge upload would, and a probe of a process's resident memory while it runs.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';

/** What came back for a streamed request. */
export interface StreamedAnswer {
  /** The answer's status, or 0 when the connection ended without one. */
  readonly status: number;
  readonly text: string;
  /** Body bytes the server accepted before it answered or closed. */
  readonly sent: number;
}

/** A process's resident set size in MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB$/m);
  if (!match?.[1]) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) / 1024;
}

/**
 * POSTs up to `bytes` of `fill` to `path` in chunked encoding, waiting for the socket to drain
 * between chunks, and stops as soon as the server answers or closes: a server that refuses early
 * costs the client (and the test) only what it read.
 */
export function streamBody(
  port: number,
  path: string,
  headers: Readonly<Record<string, string>>,
  bytes: number,
  fill = ' ',
): Promise<StreamedAnswer> {
  const chunk = Buffer.alloc(64 * 1024, fill);
  const framed = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
  return new Promise((resolve, reject) => {
    let answer = '';
    let sent = 0;
    let over = false;
    const socket = connect(port, '127.0.0.1');
    const finish = () => {
      if (over) return;
      over = true;
      socket.destroy();
      const status = Number(answer.match(/^HTTP\/1\.1 (\d{3})/)?.[1] ?? 0);
      resolve({ status, text: answer, sent });
    };
    socket.on('data', (data: Buffer) => {
      answer += data.toString();
      // The whole answer is small; its end is the end of the headers plus a short body.
      if (/\r\n\r\n[\s\S]*\}\s*$/.test(answer)) finish();
    });
    socket.once('close', finish);
    socket.once('error', (error: NodeJS.ErrnoException) => {
      // A server that stops reading and closes resets a client still writing: an answer, not a failure.
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') finish();
      else reject(error);
    });
    const pump = () => {
      while (!over && sent < bytes) {
        sent += chunk.length;
        if (!socket.write(framed)) {
          socket.once('drain', pump);
          return;
        }
      }
      if (!over && sent >= bytes) socket.write('0\r\n\r\n');
    };
    socket.once('connect', () => {
      let head = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n`;
      for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
      socket.write(`${head}\r\n`);
      pump();
    });
  });
}
