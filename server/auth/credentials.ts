import type { User } from '../../contract/api.js';
import { findUserByEmail, toUser } from '../db/queries/users.js';
import type { AppDeps } from '../deps.js';
import { hashPassword, verifyPassword } from '../services/passwords.js';
import { newSecret } from '../services/secrets.js';

let decoyHash: Promise<string> | undefined;

/**
 * A hash no password matches, verified against when the account does not exist (or has no
 * password) so that an unknown e-mail costs the same scrypt work as a wrong password.
 */
function decoy(): Promise<string> {
  decoyHash ??= hashPassword(newSecret());
  return decoyHash;
}

/** The user with this e-mail and password, or null; takes about as long either way. */
export async function checkCredentials(deps: AppDeps, email: string, password: string): Promise<User | null> {
  const row = await findUserByEmail(deps.db, email);
  const matches = await verifyPassword(password, row?.password_hash ?? (await decoy()));
  return matches && row?.password_hash ? toUser(row) : null;
}
