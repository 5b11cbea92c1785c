import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_DATABASE_URL, isPostgresAvailable } from '../../helpers/databases.js';
import { startTcpProxy, type TcpProxy } from '../../helpers/tcp-proxy.js';

/** Runs `select 1` on a fresh connection through the proxy; resolves to the error code, or 'ok'. */
async function probe(url: string, timeoutMs = 1000): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return 'ok';
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : String(error instanceof Error ? error.message : error);
  } finally {
    await client.end().catch(() => {});
  }
}

describe.runIf(await isPostgresAvailable())('the fault-injecting TCP proxy', () => {
  let proxy: TcpProxy;
  let url: string;
  beforeAll(async () => {
    const target = new URL(ADMIN_DATABASE_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    url = proxy.rewrite(ADMIN_DATABASE_URL);
  });
  afterAll(async () => {
    await proxy.close();
  });

  it('forwards queries while up', async () => {
    expect(await probe(url)).toBe('ok');
  });

  it('refuses connections while down and forwards again once up', async () => {
    await proxy.down('refuse');
    expect(await probe(url)).toBe('ECONNREFUSED');
    await proxy.up();
    expect(await probe(url)).toBe('ok');
  });

  it('kills open connections when cut', async () => {
    const client = new pg.Client({ connectionString: url });
    const errors: Error[] = [];
    const errored = new Promise<void>((resolve) =>
      client.on('error', (error) => {
        errors.push(error);
        resolve();
      }),
    );
    await client.connect();
    await client.query('select 1');
    proxy.cut();
    // The idle client learns of the reset by itself, before it sends anything: that is the error
    // a pool hears about a dead connection.
    await errored;
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/ECONNRESET|terminated/)]);
    await expect(client.query('select 1')).rejects.toThrow();
    await client.end().catch(() => {});
  });

  it('resets new connections in reset mode', async () => {
    await proxy.down('reset');
    expect(await probe(url)).not.toBe('ok');
    await proxy.up();
    expect(await probe(url)).toBe('ok');
  });

  it('leaves new connections hanging in hang mode until the client gives up', async () => {
    await proxy.down('hang');
    expect(await probe(url, 300)).toMatch(/timeout/i);
    await proxy.up();
    expect(await probe(url)).toBe('ok');
  });
});
