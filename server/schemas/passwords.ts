import { text } from './text.js';

/**
 * The rule for a new password, written once: the API (accounts made by accepting an invitation)
 * and the CLI (`misprint user create`) both validate with {@link NewPasswordSchema}, so tightening
 * the rule is a change to this file only.
 */

/** Fewest characters of a new password: NIST SP 800-63B's minimum for user-chosen secrets. */
export const PASSWORD_MIN = 8;
/** scrypt takes any length, but hashing megabytes per attempt would be a cheap denial of service. */
export const PASSWORD_MAX = 1024;

/** A new password: PASSWORD_MIN–PASSWORD_MAX characters, counted in code points as NIST asks. */
export const NewPasswordSchema = text({ min: PASSWORD_MIN, max: PASSWORD_MAX });

/** A password offered to sign in: never judged by today's rule (older accounts may predate it), only capped. */
export const PasswordSchema = text({ max: PASSWORD_MAX });
