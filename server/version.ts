import { readFileSync } from 'node:fs';

/**
 * The package's version, read once from its package.json: two folders up from the compiled file
 * (dist/server/), one up from the source (server/).
 */
function readVersion(): string {
  for (const path of ['../package.json', '../../package.json']) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
      if (typeof parsed === 'object' && parsed !== null && 'name' in parsed && parsed.name === 'misprint') {
        return 'version' in parsed && typeof parsed.version === 'string' ? parsed.version : '0.0.0';
      }
    } catch {
      // not this folder
    }
  }
  return '0.0.0';
}

/** Misprint's version (package.json), e.g. for the re-check's User-Agent. */
export const VERSION = readVersion();
