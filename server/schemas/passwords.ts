import { PASSWORD_MIN_LENGTH } from '../../contract/api.js';
import { isCommonPassword } from '../services/common-passwords.js';
import { text } from './text.js';

/**
 * The rule for a new password, written once: every path that sets one (accepting an invitation as
 * a new account, `misprint user create` and `user password`, changing one's password, a reset by
 * e-mail) validates with {@link NewPasswordSchema}, so tightening the rule is a change to this file.
 */

/** Fewest characters of a new password (docs/api.md, "Accounts"): longer than NIST's floor of 8. */
export const PASSWORD_MIN = PASSWORD_MIN_LENGTH;
/** scrypt takes any length, but hashing megabytes per attempt would be a cheap denial of service. */
export const PASSWORD_MAX = 1024;

/** What a refused common password is told; stable, the dashboard shows it as is. */
export const COMMON_PASSWORD_MESSAGE = 'is one of the most common passwords; choose another';

/**
 * A new password: PASSWORD_MIN–PASSWORD_MAX characters, counted in code points as NIST asks, no
 * control characters, and not on the common-password list (services/common-passwords.ts).
 */
export const NewPasswordSchema = text({ min: PASSWORD_MIN, max: PASSWORD_MAX })
  // No keyboard types them, and a NUL would end the password early in many other programs.
  .refine((password) => !/\p{Cc}/u.test(password), 'must not contain control characters')
  .refine((password) => !isCommonPassword(password, PASSWORD_MIN), COMMON_PASSWORD_MESSAGE)
  .meta({ description: `At least ${PASSWORD_MIN} characters, and not one of the most common passwords.` });

/** A password offered to sign in: never judged by today's rule (older accounts may predate it), only capped. */
export const PasswordSchema = text({ max: PASSWORD_MAX });
