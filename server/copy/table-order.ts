import type { CopyTable } from '../db/queries/copy.js';
import { CopyRefusedError } from './refused.js';

/**
 * The tables ordered so each comes after the tables it references (Kahn's algorithm; ties by
 * name, so the order is stable). A table referencing itself, or a cycle, would need its rows
 * ordered too or its keys deferred: refused, as no Misprint table does either.
 */
export function tablesInDependencyOrder(tables: readonly CopyTable[]): CopyTable[] {
  const selfReferencing = tables.filter((t) => t.selfReferencing).map((t) => t.name);
  if (selfReferencing.length > 0) {
    throw new CopyRefusedError(`cannot copy tables that reference themselves: ${selfReferencing.join(', ')}`);
  }
  const names = new Set(tables.map((t) => t.name));
  const placed = new Set<string>();
  const ordered: CopyTable[] = [];
  const pending = [...tables].sort((a, b) => a.name.localeCompare(b.name));
  while (pending.length > 0) {
    const index = pending.findIndex((t) => t.references.every((r) => placed.has(r) || !names.has(r)));
    if (index === -1) {
      throw new CopyRefusedError(
        `cannot order tables whose foreign keys form a cycle: ${pending.map((t) => t.name).join(', ')}`,
      );
    }
    const [next] = pending.splice(index, 1);
    if (!next) break;
    ordered.push(next);
    placed.add(next.name);
  }
  return ordered;
}
