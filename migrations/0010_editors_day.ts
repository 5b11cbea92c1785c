import { type Kysely, sql } from 'kysely';

/**
 * The editors' day (issue 9): assignment history, routing rules tested against examples, the
 * inbox's new filters and sorts, undo, export and time to fix.
 *
 * - `report_events` records assignments as well as status moves: `assignee_moved` with the group's
 *   assignee before and after (an assignment alone keeps `from_status = to_status`), and
 *   `action_id`, the triage action a row belongs to, so an undo takes back exactly the rows that
 *   action moved (a whole group's later duplicates, or reports already in the target status, stay).
 * - `misprint_route_match` is the one place where rules meet page metadata: ingest (through
 *   `misprint_route_assignee`, restated whole here as a wrapper, same signature and result) and
 *   the settings page's "test a rule" both call it, so a test answers what ingest would do.
 * - Indexes for the new queries, each checked by EXPLAIN in tests/server/db/queries/plans.test.ts:
 *   the author and section filters start from the groups of that author or section; the inbox's
 *   kind filter under `sort=priority` (the dashboard's default) keeps the range scan that 0006 gave
 *   it under `newest`; the export walks a site's reports in receipt order in keyset batches;
 *   undo finds an action's rows; time to fix reads the last 30 days' moves to `fixed`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE report_events ADD COLUMN IF NOT EXISTS assignee_moved boolean NOT NULL DEFAULT false`.execute(
    db,
  );
  await sql`
    ALTER TABLE report_events ADD COLUMN IF NOT EXISTS from_assignee_id uuid REFERENCES users (id) ON DELETE SET NULL`.execute(
    db,
  );
  await sql`
    ALTER TABLE report_events ADD COLUMN IF NOT EXISTS to_assignee_id uuid REFERENCES users (id) ON DELETE SET NULL`.execute(
    db,
  );
  await sql`ALTER TABLE report_events ADD COLUMN IF NOT EXISTS action_id uuid`.execute(db);
  await sql`
    CREATE INDEX IF NOT EXISTS report_events_action_idx ON report_events (action_id) WHERE action_id IS NOT NULL`.execute(
    db,
  );
  await sql`
    CREATE INDEX IF NOT EXISTS report_events_fixed_idx ON report_events (created_at, report_id)
      WHERE to_status = 'fixed' AND from_status <> 'fixed'`.execute(db);

  await sql`
    CREATE INDEX IF NOT EXISTS groups_author_idx ON groups (site_id, lower(page_author))
      WHERE page_author IS NOT NULL`.execute(db);
  await sql`
    CREATE INDEX IF NOT EXISTS groups_section_idx ON groups (site_id, lower(page_section))
      WHERE page_section IS NOT NULL`.execute(db);
  await sql`
    CREATE INDEX IF NOT EXISTS report_groups_kind_priority_idx
      ON report_groups (site_id, status, latest_kind, priority DESC, last_received_at DESC, group_key DESC)`.execute(
    db,
  );
  await sql`
    CREATE INDEX IF NOT EXISTS report_groups_kind_priority_all_idx
      ON report_groups (site_id, latest_kind, priority DESC, last_received_at DESC, group_key DESC, status DESC)`.execute(
    db,
  );
  await sql`CREATE INDEX IF NOT EXISTS reports_site_time_idx ON reports (site_id, received_at, id)`.execute(
    db,
  );

  // The first rule of p_routes matching the page whose assignee still owns or edits the site:
  // o_rule is its 0-based position. Trimmed, case-insensitive equality; a rule needs an author or a
  // section. Settings are validated by the API, but a malformed rule is skipped here rather than
  // failing a reader's report.
  await sql`
    CREATE OR REPLACE FUNCTION misprint_route_match(p_site uuid, p_routes jsonb, p_author text, p_section text,
                                                    OUT o_rule integer, OUT o_assignee uuid)
    LANGUAGE plpgsql STABLE AS $$
    DECLARE
      author text := NULLIF(lower(btrim(p_author)), '');
      section text := NULLIF(lower(btrim(p_section)), '');
      rule record;
      rule_author text;
      rule_section text;
    BEGIN
      IF author IS NULL AND section IS NULL THEN
        RETURN;
      END IF;
      FOR rule IN
        SELECT e.value, e.n
          FROM jsonb_array_elements(
                 CASE WHEN jsonb_typeof(p_routes) = 'array' THEN p_routes ELSE '[]'::jsonb END
               ) WITH ORDINALITY AS e(value, n)
         ORDER BY e.n
      LOOP
        CONTINUE WHEN jsonb_typeof(rule.value) <> 'object';
        rule_author := NULLIF(lower(btrim(rule.value->>'author')), '');
        rule_section := NULLIF(lower(btrim(rule.value->>'section')), '');
        CONTINUE WHEN rule_author IS NULL AND rule_section IS NULL;
        CONTINUE WHEN rule_author IS NOT NULL AND rule_author IS DISTINCT FROM author;
        CONTINUE WHEN rule_section IS NOT NULL AND rule_section IS DISTINCT FROM section;
        CONTINUE WHEN coalesce(rule.value->>'assignee', '') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
        SELECT m.user_id INTO o_assignee FROM memberships m
         WHERE m.site_id = p_site AND m.user_id = (rule.value->>'assignee')::uuid AND m.role IN ('owner', 'editor');
        IF FOUND THEN
          o_rule := rule.n - 1;
          RETURN;
        END IF;
      END LOOP;
    END $$`.execute(db);

  // 0007's function, now the saved rules passed to the one matcher above.
  await sql`
    CREATE OR REPLACE FUNCTION misprint_route_assignee(p_site uuid, p_author text, p_section text)
    RETURNS uuid LANGUAGE plpgsql STABLE AS $$
    DECLARE
      assignee uuid;
    BEGIN
      IF NULLIF(btrim(p_author), '') IS NULL AND NULLIF(btrim(p_section), '') IS NULL THEN
        RETURN NULL;
      END IF;
      SELECT m.o_assignee INTO assignee
        FROM sites s CROSS JOIN LATERAL misprint_route_match(s.id, s.settings->'routes', p_author, p_section) m
       WHERE s.id = p_site;
      RETURN assignee;
    END $$`.execute(db);
}
