import type { Kysely, Transaction } from 'kysely';
import type { Invitation, Role, User } from '../../../contract/api.js';
import type { Database } from '../schema.js';
import { insertUser } from './users.js';

/** The API's view of an invitation row (without its link, which only exists at creation). */
function toInvitation(row: {
  id: string;
  role: Role;
  email: string | null;
  expires_at: Date;
  created_at: Date;
}): Invitation {
  return {
    id: row.id,
    role: row.role,
    email: row.email,
    expiresAt: row.expires_at.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
}

/** Stores an invitation by the hash of its link's secret. */
export async function createInvitation(
  db: Kysely<Database>,
  input: {
    siteId: string;
    role: Role;
    email: string | null;
    tokenHash: string;
    createdBy: string;
    now: Date;
    expiresAt: Date;
  },
): Promise<Invitation> {
  const row = await db
    .insertInto('invitations')
    .values({
      site_id: input.siteId,
      role: input.role,
      email: input.email,
      token_hash: input.tokenHash,
      created_by: input.createdBy,
      created_at: input.now,
      expires_at: input.expiresAt,
    })
    .returning(['id', 'role', 'email', 'expires_at', 'created_at'])
    .executeTakeFirstOrThrow();
  return toInvitation(row);
}

/** A site's invitations that can still be accepted, newest first. */
export async function listOpenInvitations(
  db: Kysely<Database>,
  siteId: string,
  now: Date,
): Promise<Invitation[]> {
  const rows = await db
    .selectFrom('invitations')
    .select(['id', 'role', 'email', 'expires_at', 'created_at'])
    .where('site_id', '=', siteId)
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toInvitation);
}

/** Withdraws an invitation of a site; false when the site has no such invitation. */
export async function deleteInvitation(db: Kysely<Database>, siteId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('invitations')
    .where('site_id', '=', siteId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** An invitation that can still be accepted, found by the hash of its link's secret, with its site's name. */
export async function findOpenInvitation(
  db: Kysely<Database>,
  tokenHash: string,
  now: Date,
): Promise<
  | { id: string; siteId: string; siteName: string; role: Role; email: string | null; expiresAt: Date }
  | undefined
> {
  const row = await db
    .selectFrom('invitations as i')
    .innerJoin('sites as s', 's.id', 'i.site_id')
    .select(['i.id', 'i.site_id', 's.name', 'i.role', 'i.email', 'i.expires_at'])
    .where('i.token_hash', '=', tokenHash)
    .where('i.accepted_at', 'is', null)
    .where('i.expires_at', '>', now)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    siteId: row.site_id,
    siteName: row.name,
    role: row.role,
    email: row.email,
    expiresAt: row.expires_at,
  };
}

/** Uses up an invitation inside `trx` and makes the user a member; false when it was used or expired. */
async function takeInvitation(
  trx: Transaction<Database>,
  input: { invitationId: string; userId: string; now: Date },
): Promise<boolean> {
  const taken = await trx
    .updateTable('invitations')
    .set({ accepted_at: input.now, accepted_by: input.userId })
    .where('id', '=', input.invitationId)
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', input.now)
    .returning(['site_id', 'role'])
    .executeTakeFirst();
  if (!taken) return false;
  // A user who already belongs to the site keeps their role: a link must not demote anyone.
  await trx
    .insertInto('memberships')
    .values({ site_id: taken.site_id, user_id: input.userId, role: taken.role, created_at: input.now })
    .onConflict((oc) => oc.columns(['site_id', 'user_id']).doNothing())
    .execute();
  return true;
}

/** Makes an existing user a member through an invitation; false when it was used or expired meanwhile. */
export function acceptInvitation(
  db: Kysely<Database>,
  input: { invitationId: string; userId: string; now: Date },
): Promise<boolean> {
  return db.transaction().execute((trx) => takeInvitation(trx, input));
}

/** Why an account could not be created through an invitation. */
export type NewMemberRefusal = 'invitation_gone' | 'email_taken';

/**
 * Creates an account and makes it a member through an invitation, atomically: no account is left
 * behind when the invitation was used meanwhile, and an e-mail taken meanwhile is an answer, not a crash.
 */
export async function acceptInvitationAsNewUser(
  db: Kysely<Database>,
  input: { invitationId: string; email: string; passwordHash: string; name: string | null; now: Date },
): Promise<User | NewMemberRefusal> {
  try {
    return await db.transaction().execute(async (trx) => {
      const user = await insertUser(trx, {
        email: input.email,
        passwordHash: input.passwordHash,
        name: input.name,
      });
      if (
        !(await takeInvitation(trx, { invitationId: input.invitationId, userId: user.id, now: input.now }))
      ) {
        throw new Refused('invitation_gone');
      }
      return user;
    });
  } catch (error) {
    if (error instanceof Refused) return error.reason;
    if (isUniqueViolation(error)) return 'email_taken';
    throw error;
  }
}

/** Rolls the account creation back and says why. */
class Refused extends Error {
  constructor(readonly reason: NewMemberRefusal) {
    super(reason);
  }
}

/** PostgreSQL's unique_violation (23505). */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}
