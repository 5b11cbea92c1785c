/**
 * An HTTP receiver in a process of its own that answers every request 200 and counts them: the
 * stand-in for webhook, Slack and Telegram endpoints under load, kept out of the load generator's
 * process so its work does not slow the generator down (they still share the machine's cores).
 */
import { type ChildProcess, spawn } from 'node:child_process';

/** A running sink. */
export interface Sink {
  readonly url: string;
  /** Requests answered so far. */
  count(): Promise<number>;
  stop(): Promise<void>;
}

const PROGRAM = `
const http = require('node:http');
let n = 0;
const server = http.createServer((req, res) => {
  if (req.url === '/__count') return void res.end(String(n));
  req.resume();
  req.on('end', () => { n++; res.writeHead(200, { 'Content-Type': 'application/json' }); res.end('{"ok":true}'); });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

/** Starts a sink on 127.0.0.1 at a free port. */
export async function startSink(): Promise<Sink> {
  const child: ChildProcess = spawn(process.execPath, ['-e', PROGRAM], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the sink exited with ${code}`)));
    child.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    count: async () => Number(await (await fetch(`${url}/__count`)).text()),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
