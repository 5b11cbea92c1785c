import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { EXPORT_FIELDS, type ExportFormat, type ExportRow } from '../../../contract/api.js';
import { assertPermitted, canExport } from '../../auth/permissions.js';
import { type ExportCursor, type ExportFilters, exportBatch } from '../../db/queries/export.js';
import type { Database } from '../../db/schema.js';
import type { AppDeps } from '../../deps.js';
import { SiteParams } from '../../schemas/params.js';
import { ExportQuerySchema } from '../../schemas/reports.js';
import { BOM, csvRecord } from '../../services/csv.js';
import { route } from '../route.js';
import { inboxFilters } from './inbox.js';
import { memberSite } from './site-access.js';

/** Reports per database round trip: large enough to amortise it, small enough to stay a few hundred KB. */
export const EXPORT_BATCH = 1000;

const CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/** One row in the format: a CSV record in EXPORT_FIELDS order, or a JSON object and a newline. */
function formatRow(format: ExportFormat, row: ExportRow): string {
  return format === 'csv' ? csvRecord(EXPORT_FIELDS.map((field) => row[field])) : `${JSON.stringify(row)}\n`;
}

/**
 * The export as a pull stream: the next batch is read only when the client has taken the previous
 * one (the HTTP layer pulls as the socket drains), so memory holds about two batches however many
 * rows there are, and a client that goes away stops the reading.
 */
export function exportStream(
  db: Kysely<Database>,
  input: { siteId: string; filters: ExportFilters; format: ExportFormat; batch?: number },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: ExportCursor | null = null;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          if (input.format === 'csv') controller.enqueue(encoder.encode(BOM + csvRecord(EXPORT_FIELDS)));
        }
        const { rows, next } = await exportBatch(db, {
          siteId: input.siteId,
          filters: input.filters,
          after,
          limit: input.batch ?? EXPORT_BATCH,
        });
        if (rows.length > 0)
          controller.enqueue(encoder.encode(rows.map((row) => formatRow(input.format, row)).join('')));
        after = next;
        if (!next) controller.close();
      },
    },
    { highWaterMark: 1 },
  );
}

/** `GET /v1/sites/:siteId/reports/export?format=csv|ndjson`: every report under the inbox's filters. */
export function exportRoutes(deps: AppDeps): Hono {
  const app = new Hono();

  route(
    app,
    deps,
    {
      method: 'get',
      path: '/v1/sites/:siteId/reports/export',
      summary:
        'Every report (rows, not groups) under the inbox’s filters and from/to, streamed (editors and owners).',
      description:
        'CSV (RFC 4180, UTF-8 with a BOM, a header row, cells that begin with =, +, -, @, tab or carriage ' +
        `return prefixed with ') or NDJSON; the fields, in order: ${EXPORT_FIELDS.join(', ')}. Memory stays flat ` +
        'however many rows.',
      tags: ['reports'],
      auth: 'signed-in',
      params: SiteParams,
      query: ExportQuerySchema,
      responses: {
        200: {
          description: 'The export, as the format asks.',
          schema: z.string(),
          mediaType: Object.values(CONTENT_TYPES).map((t) => t.split(';')[0] ?? t),
        },
      },
      errors: ['not_found', 'forbidden'],
    },
    async (c, { auth, params, query }) => {
      const { site, role } = await memberSite(deps, params.siteId, auth);
      assertPermitted(canExport(role), 'export reports');
      const filters: ExportFilters = {
        ...inboxFilters(query, auth.user.id),
        status: query.status,
        from: query.from,
        to: query.to,
      };
      const day = deps.now().toISOString().slice(0, 10);
      return c.body(exportStream(deps.db, { siteId: site.id, filters, format: query.format }), 200, {
        'Content-Type': CONTENT_TYPES[query.format],
        'Content-Disposition': `attachment; filename="misprint-reports-${day}.${query.format}"`,
      });
    },
  );

  return app;
}
