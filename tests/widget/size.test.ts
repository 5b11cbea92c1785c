/**
 * The widget's size budgets (issue 3): the loader every reader downloads ≤ 2 KB gzip; the dialog
 * fetched on first use ≤ 10 KB gzip, counting the chunks it imports statically (the language
 * chunk, fetched alongside, is ~0.7 KB more). Reads the built files: run `npm run build` first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const KB = 1024;
// happy-dom gives modules an http import.meta.url, so resolve from the repository root vitest runs in.
const DIR = `${resolve('dist/public/widget')}/`;
const LOADER = `${DIR}widget.js`;

function built(path: string): string {
  if (!existsSync(path))
    throw new Error(`${path} is missing: run \`npm run build\` before the widget size check`);
  return readFileSync(path, 'utf8');
}

function gzipped(code: string): number {
  return gzipSync(code, { level: 9 }).length;
}

/** A chunk and every chunk it imports statically, as the browser fetches them before running it. */
function withStaticImports(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const code = built(`${DIR}chunks/${file}`);
  const imports = [...code.matchAll(/\bfrom\s*["'`]\.\/([\w.-]+\.js)["'`]/g)].map((m) => m[1]!);
  return [file, ...imports.flatMap((name) => withStaticImports(name, seen))];
}

describe('widget size budget', () => {
  const loader = built(LOADER);

  it('keeps the loader within 2 KB gzip', () => {
    expect(gzipped(loader), 'widget.js gzip bytes').toBeLessThanOrEqual(2 * KB);
  });

  it('keeps the dialog and its static imports within 10 KB gzip', () => {
    const name = loader.match(/dialog-[\w-]+\.js/)?.[0];
    expect(name, 'the loader names its dialog chunk').toBeTruthy();
    const files = withStaticImports(name!);
    const total = gzipped(files.map((file) => built(`${DIR}chunks/${file}`)).join('\n'));
    expect(total, `${files.join(' + ')} gzip bytes`).toBeLessThanOrEqual(10 * KB);
  });

  it('does no work in the loader but listening: no request at load', () => {
    expect(loader).not.toMatch(/\bfetch\(/);
    expect(loader).not.toMatch(/sendBeacon|XMLHttpRequest/);
  });
});
