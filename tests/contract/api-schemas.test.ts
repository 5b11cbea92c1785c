// @vitest-environment node
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import type { Site } from '../../contract/api.js';
import { ErrorBodySchema, ReportItemSchema, SiteSchema } from '../../contract/api-schemas.js';

const WIDGET = fileURLToPath(new URL('../../dist/public/widget', import.meta.url));

/** Every file under a directory. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('the answers’ schemas', () => {
  it('drop fields a newer server adds, so an older dashboard keeps working', () => {
    const site: Site = {
      id: 's1',
      key: 'pk',
      name: 'News',
      origins: [],
      settings: {
        maxSelection: 300,
        rateLimits: { clientPerMinute: 1, clientPerDay: 1, sitePerMinute: 1, nullOriginPerMinute: 1 },
        cmsUrlTemplate: null,
        routes: [],
        retentionDays: null,
        timezone: 'UTC',
      },
      role: 'viewer',
      snippet: '<script></script>',
      createdAt: '2026-01-01T00:00:00.000Z',
    };
    expect(z.parse(SiteSchema, { ...site, plan: 'pro' })).toEqual(site);
  });

  it('refuse what the contract does not allow', () => {
    expect(z.safeParse(ReportItemSchema, { id: 'r1' }).success).toBe(false);
    expect(z.safeParse(ErrorBodySchema, { error: { code: 'teapot', message: 'x' } }).success).toBe(false);
    expect(z.safeParse(ErrorBodySchema, { error: { code: 'conflict', message: 'x' } }).success).toBe(true);
  });

  it('never reach the widget, which bundles no validation library', () => {
    if (!existsSync(WIDGET)) throw new Error('The widget is not built: run `npm run build:web` first.');
    for (const file of files(WIDGET).filter((f) => f.endsWith('.js'))) {
      expect(readFileSync(file, 'utf8'), file).not.toContain('_zod');
    }
  });
});
