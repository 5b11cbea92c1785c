import { describe, expect, it } from 'vitest';
import { CopyRefusedError } from '../../../server/copy/refused.js';
import { tablesInDependencyOrder } from '../../../server/copy/table-order.js';
import type { CopyTable } from '../../../server/db/queries/copy.js';

const table = (name: string, references: string[] = [], selfReferencing = false): CopyTable => ({
  name,
  columns: ['id'],
  references,
  selfReferencing,
});

describe('tablesInDependencyOrder', () => {
  it('puts every table after the tables it references, ties by name', () => {
    const ordered = tablesInDependencyOrder([
      table('report_events', ['reports', 'users']),
      table('reports', ['sites']),
      table('memberships', ['sites', 'users']),
      table('users'),
      table('sites'),
      table('ip_salts'),
    ]);
    expect(ordered.map((t) => t.name)).toEqual([
      'ip_salts',
      'sites',
      'reports',
      'users',
      'memberships',
      'report_events',
    ]);
  });

  it('ignores references to tables outside the copy', () => {
    expect(tablesInDependencyOrder([table('a', ['elsewhere'])]).map((t) => t.name)).toEqual(['a']);
  });

  it('refuses a cycle and a table that references itself, naming them', () => {
    expect(() => tablesInDependencyOrder([table('a', ['b']), table('b', ['a']), table('c')])).toThrow(
      new CopyRefusedError('cannot order tables whose foreign keys form a cycle: a, b'),
    );
    expect(() => tablesInDependencyOrder([table('tree', [], true)])).toThrow(/reference themselves: tree/);
  });
});
