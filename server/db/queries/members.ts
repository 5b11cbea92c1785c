import type { Kysely, Transaction } from 'kysely';
import type { Member, Role } from '../../../contract/api.js';
import type { Database } from '../schema.js';
import { toUser } from './users.js';

/** The members of a site, owners first, then by e-mail. */
export async function listMembers(db: Kysely<Database>, siteId: string): Promise<Member[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.name', 'm.role', 'm.created_at'])
    .where('m.site_id', '=', siteId)
    .orderBy((eb) =>
      eb.case().when('m.role', '=', 'owner').then(0).when('m.role', '=', 'editor').then(1).else(2).end(),
    )
    .orderBy('u.email')
    .execute();
  return rows.map((row) => ({ user: toUser(row), role: row.role, createdAt: row.created_at.toISOString() }));
}

/** One member of a site, or undefined. */
export async function findMember(
  db: Kysely<Database>,
  siteId: string,
  userId: string,
): Promise<Member | undefined> {
  const row = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.name', 'm.role', 'm.created_at'])
    .where('m.site_id', '=', siteId)
    .where('m.user_id', '=', userId)
    .executeTakeFirst();
  return row && { user: toUser(row), role: row.role, createdAt: row.created_at.toISOString() };
}

/** What happened to a membership change. */
export type MembershipChange = 'changed' | 'not_found' | 'last_owner';

/**
 * Locks the site's owner rows and says whether `userId` is its only owner. Taking the lock first
 * makes two owners demoting each other at once a queue, not a site without owners.
 */
async function isLastOwner(trx: Transaction<Database>, siteId: string, userId: string): Promise<boolean> {
  const owners = await trx
    .selectFrom('memberships')
    .select('user_id')
    .where('site_id', '=', siteId)
    .where('role', '=', 'owner')
    .forUpdate()
    .execute();
  return owners.length === 1 && owners[0]?.user_id === userId;
}

/** Gives a member another role; never demotes the site's last owner. */
export function changeMemberRole(
  db: Kysely<Database>,
  siteId: string,
  userId: string,
  role: Role,
): Promise<MembershipChange> {
  return db.transaction().execute(async (trx) => {
    if (role !== 'owner' && (await isLastOwner(trx, siteId, userId))) return 'last_owner';
    const result = await trx
      .updateTable('memberships')
      .set({ role })
      .where('site_id', '=', siteId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n ? 'changed' : 'not_found';
  });
}

/** Removes a member from a site; never its last owner. */
export function removeMember(
  db: Kysely<Database>,
  siteId: string,
  userId: string,
): Promise<MembershipChange> {
  return db.transaction().execute(async (trx) => {
    if (await isLastOwner(trx, siteId, userId)) return 'last_owner';
    const result = await trx
      .deleteFrom('memberships')
      .where('site_id', '=', siteId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n ? 'changed' : 'not_found';
  });
}
