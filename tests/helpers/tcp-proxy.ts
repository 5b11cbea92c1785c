/**
 * A fault-injecting TCP proxy on 127.0.0.1 for the fault suites: put it between the server and
 * PostgreSQL, then make the database unreachable the ways a network does.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

/** How the proxy misbehaves while it is down. */
export type FaultMode =
  /** Stop listening: new connections get ECONNREFUSED, as when the database host is down. */
  | 'refuse'
  /** Accept, then reset at once: the database is restarting or a middlebox drops the flow. */
  | 'reset'
  /** Accept and never answer: a partition; only the client's own timeouts end the wait. */
  | 'hang';

/** A running proxy. */
export interface TcpProxy {
  readonly port: number;
  /** The given PostgreSQL URL with its host and port replaced by the proxy's. */
  rewrite(databaseUrl: string): string;
  /** Connections currently forwarded. */
  readonly openConnections: number;
  /** Destroys every open connection (both sides); new ones are still forwarded. */
  cut(): void;
  /** Cuts every connection and misbehaves in `mode` for new ones until {@link up}. */
  down(mode?: FaultMode): Promise<void>;
  /** Forwards new connections again. */
  up(): Promise<void>;
  /** Cuts everything and stops listening for good. */
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      if (typeof address === 'object' && address) resolve(address.port);
      else reject(new Error('proxy has no address'));
    });
  });
}

function stopListening(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) resolve();
    else server.close(() => resolve());
  });
}

/** Starts a proxy from a free port on 127.0.0.1 to `target`. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let mode: FaultMode | null = null;

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // Errors are the point of this proxy; an unhandled one would crash the test runner.
    socket.on('error', () => {});
  };

  const server = createServer((client) => {
    track(client);
    if (mode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    if (mode === 'hang') return;
    const upstream = connect(target.port, target.host);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });

  const port = await listen(server, 0);

  const cut = () => {
    for (const socket of sockets) socket.resetAndDestroy();
    sockets.clear();
  };

  return {
    port,
    rewrite(databaseUrl) {
      const url = new URL(databaseUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    get openConnections() {
      return sockets.size;
    },
    cut,
    async down(next = 'refuse') {
      mode = next;
      // close() waits for open connections, so cut them before waiting.
      const stopped = next === 'refuse' ? stopListening(server) : Promise.resolve();
      cut();
      await stopped;
    },
    async up() {
      mode = null;
      cut();
      if (!server.listening) await listen(server, port);
    },
    async close() {
      mode = 'refuse';
      const stopped = stopListening(server);
      cut();
      await stopped;
    },
  };
}
