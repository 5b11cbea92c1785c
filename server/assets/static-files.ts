import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, gzip, constants as zlibConstants } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Content types of what Vite emits, by extension; anything else is served as bytes. */
const CONTENT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
});

/** Types worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = new Set([
  '.js',
  '.mjs',
  '.css',
  '.html',
  '.json',
  '.map',
  '.webmanifest',
  '.txt',
  '.svg',
]);
/** Below this size compression saves less than its headers cost. */
const MIN_COMPRESS_BYTES = 1024;

/**
 * One path segment we are willing to serve: starts with a letter, digit or underscore (so never
 * `.`, `..` or a dotfile) and contains no separator or percent sign. Vite's output names all fit.
 */
const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.@~+-]*$/;

/** A file ready to send, with its compressed forms when they are smaller. */
export interface StaticFile {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly contentType: string;
  /** Strong validator of the identity body, without quotes (the encodings append `-br` / `-gz`). */
  readonly tag: string;
  readonly br: Uint8Array<ArrayBuffer> | null;
  readonly gzip: Uint8Array<ArrayBuffer> | null;
}

interface CacheEntry {
  readonly mtimeMs: number;
  readonly size: number;
  readonly file: Promise<StaticFile>;
}

/** The relative path's segments when every one is safe to join under the root, else null. */
export function safeSegments(relative: string): string[] | null {
  const segments = relative.split('/');
  return segments.length > 0 && segments.every((s) => SAFE_SEGMENT.test(s)) ? segments : null;
}

function copy(buffer: Buffer): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(buffer.byteLength);
  out.set(buffer);
  return out;
}

async function load(path: string): Promise<StaticFile> {
  const raw = await readFile(path);
  const ext = extname(path).toLowerCase();
  const tag = createHash('sha256').update(raw).digest('base64url').slice(0, 27);
  let br: Uint8Array<ArrayBuffer> | null = null;
  let gz: Uint8Array<ArrayBuffer> | null = null;
  if (COMPRESSIBLE.has(ext) && raw.byteLength >= MIN_COMPRESS_BYTES) {
    const [b, g] = await Promise.all([
      // Quality 9 is within a few per cent of 11 and several times faster on a cold cache.
      brotli(raw, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9 } }),
      gzipAsync(raw, { level: 9 }),
    ]);
    if (b.byteLength < raw.byteLength) br = copy(b);
    if (g.byteLength < raw.byteLength) gz = copy(g);
  }
  return {
    body: copy(raw),
    contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream',
    tag,
    br,
    gzip: gz,
  };
}

/**
 * Read-only files under one root, kept in memory with their compressed forms. Each lookup checks
 * the file's size and mtime, so a rebuild is picked up without a restart.
 */
export class StaticFiles {
  readonly root: string;
  readonly #cache = new Map<string, CacheEntry>();

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Whether `relativeDir` exists under the root (the build ran). */
  async hasDirectory(relativeDir: string): Promise<boolean> {
    try {
      return (await stat(join(this.root, relativeDir))).isDirectory();
    } catch {
      return false;
    }
  }

  /** The file at `relative` (slash-separated, already URL-decoded), or null if absent or unsafe. */
  async get(relative: string): Promise<StaticFile | null> {
    const segments = safeSegments(relative);
    if (!segments) return null;
    const path = join(this.root, ...segments);
    // Belt and braces: the segment check already rules out leaving the root.
    if (!path.startsWith(this.root + sep)) return null;
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch {
      return null;
    }
    if (!info.isFile()) return null;
    const cached = this.#cache.get(path);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.file;
    const file = load(path);
    this.#cache.set(path, { mtimeMs: info.mtimeMs, size: info.size, file });
    try {
      return await file;
    } catch {
      // Deleted or replaced between stat and read (a rebuild): answer as absent, retry next time.
      this.#cache.delete(path);
      return null;
    }
  }
}
