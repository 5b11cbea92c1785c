// @vitest-environment node
/**
 * The dashboard's JavaScript budget (issue 4): at most 40 KB gzip for everything the built app
 * downloads. Reads the real build output, so `npm test` builds first.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';

/** The budget, in gzip bytes. */
const BUDGET = 40 * 1024;
const APP = fileURLToPath(new URL('../../dist/public/app', import.meta.url));

it('keeps the dashboard JavaScript within 40 KB gzip', () => {
  const assets = join(APP, 'assets');
  if (!existsSync(join(APP, 'index.html')) || !existsSync(assets)) {
    throw new Error(
      'The dashboard is not built (dist/public/app is missing): run `npm run build:web` first.',
    );
  }
  const scripts = readdirSync(assets).filter((name) => name.endsWith('.js'));
  expect(scripts.length, 'no JavaScript in dist/public/app/assets').toBeGreaterThan(0);
  const html = readFileSync(join(APP, 'index.html'), 'utf8');
  expect(
    scripts.some((name) => html.includes(`/app/assets/${name}`)),
    'index.html loads no built script',
  ).toBe(true);
  const sizes = scripts.map(
    (name) => [name, gzipSync(readFileSync(join(assets, name)), { level: 9 }).length] as const,
  );
  const total = sizes.reduce((sum, [, size]) => sum + size, 0);
  const detail = sizes.map(([name, size]) => `${name}: ${size} B`).join(', ');
  expect(
    total,
    `dashboard JavaScript is ${total} B gzip (${detail}); the budget is ${BUDGET} B`,
  ).toBeLessThanOrEqual(BUDGET);
});
