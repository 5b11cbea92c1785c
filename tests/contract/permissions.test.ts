import { describe, expect, it } from 'vitest';
import { ROLES } from '../../contract/api.js';
import {
  canManageMembers,
  canManageSite,
  canTriage,
  canViewSite,
  isRole,
} from '../../contract/permissions.js';

describe('role predicates', () => {
  it.each([
    ['owner', true, true, true, true],
    ['editor', true, true, false, false],
    ['viewer', true, false, false, false],
    [null, false, false, false, false],
  ] as const)(
    '%s: view %s, triage %s, manage the site %s, manage members %s',
    (role, view, triage, site, members) => {
      expect([canViewSite(role), canTriage(role), canManageSite(role), canManageMembers(role)]).toEqual([
        view,
        triage,
        site,
        members,
      ]);
    },
  );

  it('knows the roles and nothing else', () => {
    for (const role of ROLES) expect(isRole(role)).toBe(true);
    expect(isRole('admin')).toBe(false);
    expect(isRole('Owner')).toBe(false);
  });
});
