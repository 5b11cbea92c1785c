/**
 * A real HAProxy (Debian's package) in front of several server processes, for the replica tests.
 * Under CI=true a missing HAProxy fails the run (`.ci/run` installs it); elsewhere the suite skips.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './server.js';

/** Where Debian installs HAProxy; HAPROXY_PATH overrides it. */
export const HAPROXY_PATH = process.env.HAPROXY_PATH ?? '/usr/sbin/haproxy';

/** Whether HAProxy can run here; throws under CI, where nothing may be skipped. */
export function isHaproxyAvailable(): boolean {
  if (existsSync(HAPROXY_PATH)) return true;
  if (process.env.CI) throw new Error(`CI=true and HAProxy is missing at ${HAPROXY_PATH}`);
  console.warn(`[misprint tests] HAProxy not found at ${HAPROXY_PATH}; skipping the replica tests.`);
  return false;
}

/** A running load balancer. */
export interface LoadBalancer {
  readonly url: string;
  stop(): Promise<void>;
}

/** Options of {@link startLoadBalancer}. */
export interface LoadBalancerOptions {
  /**
   * Append the client's address to X-Forwarded-For, as production does (default true). A benchmark
   * whose load generator stands in for thousands of readers turns it off so its own header counts.
   */
  readonly forwardFor?: boolean;
}

/**
 * The configuration: round robin over `backends`, health-checked on /healthz every 200 ms, the
 * client address appended to X-Forwarded-For, and a request whose connection failed or got no
 * answer retried on another replica (reports are idempotent by id, so a retry is safe).
 */
function configFor(port: number, backends: readonly number[], options: LoadBalancerOptions): string {
  return [
    'global',
    '  maxconn 2000',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 30s',
    '  timeout server 30s',
    '  retries 3',
    '  option redispatch',
    '  retry-on conn-failure empty-response response-timeout',
    'frontend misprint',
    `  bind 127.0.0.1:${port}`,
    ...(options.forwardFor === false ? [] : ['  option forwardfor']),
    '  default_backend replicas',
    'backend replicas',
    '  balance roundrobin',
    '  option httpchk GET /healthz',
    '  default-server inter 200ms fall 2 rise 2',
    ...backends.map((backend, i) => `  server r${i + 1} 127.0.0.1:${backend} check`),
    '',
  ].join('\n');
}

/** Starts HAProxy on a free port in front of the given local ports and waits until it answers. */
export async function startLoadBalancer(
  backends: readonly number[],
  options: LoadBalancerOptions = {},
): Promise<LoadBalancer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'misprint-haproxy-'));
  const config = join(dir, 'haproxy.cfg');
  writeFileSync(config, configFor(port, backends, options));
  const child: ChildProcess = spawn(HAPROXY_PATH, ['-db', '-f', config], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited with ${child.exitCode}:\n${output}`);
    const ok = await fetch(`${url}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`haproxy did not answer in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
