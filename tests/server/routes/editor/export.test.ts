import { parse } from 'csv-parse/sync';
import { beforeAll, expect, it } from 'vitest';
import { EXPORT_FIELDS, type ExportRow } from '../../../../contract/api.js';
import { exportStream } from '../../../../server/routes/editor/export.js';
import { describeEachDialect } from '../../../helpers/databases.js';
import {
  addMember,
  addReport,
  addSite,
  addUser,
  call,
  errorCode,
  type Harness,
  harness,
  type Session,
  signIn,
  tokenFor,
} from './harness.js';

describeEachDialect('export', (t) => {
  let h: Harness;
  let session: Session;
  let viewerSession: Session;
  let token: string;
  let siteId: string;
  let editor: { id: string; email: string };
  beforeAll(async () => {
    h = harness(t);
    const owner = await addUser(t().db, 'owner');
    editor = await addUser(t().db, 'editor');
    const viewer = await addUser(t().db, 'viewer');
    siteId = await addSite(t().db, owner.id);
    await addMember(t().db, siteId, editor.id, 'editor');
    await addMember(t().db, siteId, viewer.id, 'viewer');
    session = await signIn(h.app, editor.email);
    viewerSession = await signIn(h.app, viewer.email);
    token = await tokenFor(t().db, editor.id);
    // Cells a spreadsheet would run, and cells RFC 4180 must quote.
    await addReport(t().db, siteId, {
      groupKey: 'x-formula',
      receivedAt: '2026-04-01T08:00:00Z',
      exact: '=HYPERLINK("https://evil.example","click")',
      suggestion: '+1',
      comment: '-2, "quoted"\r\nsecond line',
      title: '@SUM(A1)',
      author: 'Jane Roe',
      section: 'Politics',
    });
    await addReport(t().db, siteId, {
      groupKey: 'x-tab',
      receivedAt: '2026-04-02T08:00:00Z',
      exact: '\tstarts with a tab',
      prefix: '\rcarriage',
      suffix: 'ünïcødé ✓',
      kind: 'fact',
    });
    await addReport(t().db, siteId, {
      groupKey: 'x-tab',
      receivedAt: '2026-04-03T08:00:00Z',
      exact: '\tstarts with a tab',
      status: 'fixed',
    });
    await t()
      .db.updateTable('groups')
      .set({ assignee_id: editor.id })
      .where('group_key', '=', 'x-tab')
      .execute();
    // Rows received within one second: the keyset hands over between batches at any point.
    for (let i = 0; i < 30; i++)
      await addReport(t().db, siteId, {
        groupKey: `x-bulk-${i}`,
        receivedAt: `2026-05-01T08:00:${String(i).padStart(2, '0')}Z`,
        exact: `bulk ${i}`,
      });
  });

  async function exported(
    query: string,
    credentials: { session: Session } | { token: string } = { session },
  ) {
    const response = await call(h.app, 'GET', `/v1/sites/${siteId}/reports/export?${query}`, credentials);
    expect(response.status).toBe(200);
    // Response.text() drops a leading BOM; the bytes are what a download saves.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    return { response, text };
  }

  /** The rows straight from the database, as the export must write them (before the formula guard). */
  async function stored(): Promise<ExportRow[]> {
    const rows = await t()
      .db.selectFrom('reports as r')
      .innerJoin('groups as gr', (join) =>
        join.onRef('gr.site_id', '=', 'r.site_id').onRef('gr.group_key', '=', 'r.group_key'),
      )
      .innerJoin('report_groups as g', (join) =>
        join
          .onRef('g.site_id', '=', 'r.site_id')
          .onRef('g.group_key', '=', 'r.group_key')
          .onRef('g.status', '=', 'r.status'),
      )
      .leftJoin('users as u', 'u.id', 'gr.assignee_id')
      .selectAll('r')
      .select(['gr.id as group_id', 'g.report_count', 'u.email as assignee_email'])
      .where('r.site_id', '=', siteId)
      .orderBy('r.received_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      received_at: r.received_at.toISOString(),
      status: r.status,
      kind: r.kind,
      url: r.url,
      title: r.title,
      lang: r.lang,
      exact: r.quote_exact,
      prefix: r.quote_prefix,
      suffix: r.quote_suffix,
      suggestion: r.suggestion,
      comment: r.comment,
      author: r.page_author,
      section: r.page_section,
      group_id: r.group_id,
      group_count: r.report_count,
      assignee_email: r.assignee_email,
      updated_at: r.updated_at.toISOString(),
    }));
  }

  /** A cell as the guarded CSV writes it, and as the text a parser gives back. */
  function asCsvText(value: string | number | null): string {
    if (value === null) return '';
    const text = String(value);
    return typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  }

  it('writes RFC 4180 CSV with a BOM and a header that parses back to the stored rows', async () => {
    const { response, text } = await exported('format=csv', { token });
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="misprint-reports-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(text.startsWith('\uFEFFid,received_at,status,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const records: string[][] = parse(text, { bom: true, relax_column_count: false });
    expect(records[0]).toEqual([...EXPORT_FIELDS]);
    const expected = (await stored()).map((row) => EXPORT_FIELDS.map((field) => asCsvText(row[field])));
    expect(records.slice(1)).toEqual(expected);
    expect(records).toHaveLength(34);
  });

  it('prefixes a cell beginning with =, +, -, @, tab or carriage return with a quote', async () => {
    const { text } = await exported('format=csv');
    const records: Record<string, string>[] = parse(text, { bom: true, columns: true });
    const formula = records.find((r) => r.exact?.includes('HYPERLINK'));
    expect(formula?.exact).toBe(`'=HYPERLINK("https://evil.example","click")`);
    expect(formula?.suggestion).toBe("'+1");
    expect(formula?.comment).toBe(`'-2, "quoted"\r\nsecond line`);
    expect(formula?.title).toBe("'@SUM(A1)");
    const tab = records.find((r) => r.exact?.includes('starts with a tab'));
    expect(tab?.exact).toBe("'\tstarts with a tab");
    expect(tab?.prefix).toBe("'\rcarriage");
    expect(tab?.suffix).toBe('ünïcødé ✓');
  });

  it('writes NDJSON with the same fields, unguarded', async () => {
    const { response, text } = await exported('format=ndjson');
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const rows = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows).toEqual(await stored());
    expect(Object.keys(rows[0])).toEqual([...EXPORT_FIELDS]);
  });

  it('applies the inbox filters and the receipt window to each report', async () => {
    const ids = async (query: string) =>
      (await exported(`format=ndjson&${query}`)).text
        .trimEnd()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line).exact);
    expect(await ids('status=fixed')).toEqual(['\tstarts with a tab']);
    expect(await ids('kind=fact')).toEqual(['\tstarts with a tab']);
    expect(await ids('assignee=me')).toEqual(['\tstarts with a tab', '\tstarts with a tab']);
    expect(await ids('author=jane%20roe')).toEqual(['=HYPERLINK("https://evil.example","click")']);
    expect(await ids('q=HYPERLINK')).toHaveLength(1);
    expect(await ids('from=2026-04-02&to=2026-04-03T08:00:00Z')).toEqual(['\tstarts with a tab']);
    expect(await ids('from=2026-05-01T08:00:28%2B00:00')).toEqual(['bulk 28', 'bulk 29']);
  });

  it('streams the same rows in small keyset batches as in one', async () => {
    const { text } = await exported('format=ndjson');
    const stream = exportStream(t().db, { siteId, filters: {}, format: 'ndjson', batch: 4 });
    expect(await new Response(stream).text()).toBe(text);
  });

  it('is for editors and owners: a viewer is refused, a bad date is a 400', async () => {
    const refused = await call(h.app, 'GET', `/v1/sites/${siteId}/reports/export`, {
      session: viewerSession,
    });
    expect(await errorCode(refused)).toBe('forbidden');
    const bad = await call(h.app, 'GET', `/v1/sites/${siteId}/reports/export?from=yesterday`, { session });
    expect(await errorCode(bad)).toBe('invalid_request');
    const format = await call(h.app, 'GET', `/v1/sites/${siteId}/reports/export?format=xlsx`, { session });
    expect(await errorCode(format)).toBe('invalid_request');
  });
});
