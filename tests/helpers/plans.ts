/**
 * The plans PostgreSQL picks for the statements a real query function sends: the function runs on a
 * Kysely instance with a plugin that records each compiled statement, then each is EXPLAINed with
 * its parameters. So a plan test checks the product's SQL, never a copy of it.
 */
import { CompiledQuery, type Kysely, type KyselyPlugin, sql } from 'kysely';
import type { Database } from '../../server/db/schema.js';

/**
 * Runs `call` against `db`, then answers the EXPLAIN of each statement it sent, in order. With
 * `seqscanOff` sequential scans are ruled out, so small test tables show which index a query can use.
 */
export async function plansOf(
  db: Kysely<Database>,
  call: (db: Kysely<Database>) => Promise<unknown>,
  options: { seqscanOff?: boolean } = {},
): Promise<string[]> {
  const executor = db.getExecutor();
  const statements: CompiledQuery[] = [];
  const recorder: KyselyPlugin = {
    transformQuery(args) {
      statements.push(executor.compileQuery(args.node, args.queryId));
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  await call(db.withPlugin(recorder));
  const plans: string[] = [];
  for (const statement of statements) {
    if (/^\s*(begin|commit|rollback|set)\b/i.test(statement.sql)) continue;
    plans.push(
      await db.transaction().execute(async (trx) => {
        if (options.seqscanOff) await sql`SET LOCAL enable_seqscan = off`.execute(trx);
        const result = await trx.executeQuery<{ 'QUERY PLAN': string }>(
          CompiledQuery.raw(`EXPLAIN ${statement.sql}`, [...statement.parameters]),
        );
        return result.rows.map((row) => row['QUERY PLAN']).join('\n');
      }),
    );
  }
  return plans;
}
