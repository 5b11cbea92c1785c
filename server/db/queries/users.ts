import type { Kysely } from 'kysely';
import type { User } from '../../../contract/api.js';
import { hashPassword } from '../../services/passwords.js';
import type { Database, UserRow } from '../schema.js';

/** The public view of a user row. */
export function toUser(row: Pick<UserRow, 'id' | 'email' | 'name'>): User {
  return { id: row.id, email: row.email, name: row.name };
}

/** E-mail addresses are compared case-insensitively and stored lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

/** Creates a user with a password; fails with a unique violation (23505) if the e-mail is taken. */
export async function createUser(
  db: Kysely<Database>,
  input: { email: string; password: string | null; name?: string | null },
): Promise<User> {
  const row = await db
    .insertInto('users')
    .values({
      email: normaliseEmail(input.email),
      name: input.name ?? null,
      password_hash: input.password === null ? null : await hashPassword(input.password),
    })
    .returning(['id', 'email', 'name'])
    .executeTakeFirstOrThrow();
  return toUser(row);
}

/** Finds a user by e-mail (any case), with the password hash for sign-in. */
export function findUserByEmail(db: Kysely<Database>, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
}

/** Counts users: zero means a fresh installation. */
export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

/**
 * Creates a user from an already computed password hash, so a caller can hash (slowly, off the
 * event loop) before it opens a transaction. Fails with 23505 if the e-mail is taken.
 */
export async function insertUser(
  db: Kysely<Database>,
  input: { email: string; passwordHash: string | null; name: string | null },
): Promise<User> {
  const row = await db
    .insertInto('users')
    .values({ email: normaliseEmail(input.email), name: input.name, password_hash: input.passwordHash })
    .returning(['id', 'email', 'name'])
    .executeTakeFirstOrThrow();
  return toUser(row);
}
