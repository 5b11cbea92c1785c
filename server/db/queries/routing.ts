import { type Kysely, sql } from 'kysely';
import type { RouteRule, RouteTestResult } from '../../../contract/api.js';
import type { Database } from '../schema.js';

/**
 * Which rule would assign a new group of a page with this author and section, and to whom: the
 * answer of misprint_route_match (0010), the very function ingest routes new groups with, so a test
 * cannot disagree with what happens to the next report. `routes` tries rules not yet saved;
 * null tries the site's saved ones.
 */
export async function testRoutes(
  db: Kysely<Database>,
  siteId: string,
  routes: readonly RouteRule[] | null,
  page: { author?: string; section?: string },
): Promise<RouteTestResult> {
  const rules = routes === null ? null : JSON.stringify(routes);
  const result = await sql<{
    o_rule: number | null;
    id: string | null;
    email: string | null;
    name: string | null;
  }>`
    SELECT m.o_rule, u.id, u.email, u.name
      FROM sites s
     CROSS JOIN LATERAL misprint_route_match(s.id, coalesce(${rules}::jsonb, s.settings->'routes'),
                                             ${page.author ?? null}::text, ${page.section ?? null}::text) m
      LEFT JOIN users u ON u.id = m.o_assignee
     WHERE s.id = ${siteId}::uuid`.execute(db);
  const row = result.rows[0];
  return {
    rule: row?.o_rule ?? null,
    assignee: row?.id && row.email ? { id: row.id, email: row.email, name: row.name } : null,
  };
}
