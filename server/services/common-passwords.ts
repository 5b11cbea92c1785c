import { createRequire } from 'node:module';

/**
 * The common-password list: the ranked list of the most used passwords (about 49,000, from leaked
 * password corpora) that zxcvbn-ts ships in `@zxcvbn-ts/language-common`, a package kept up by that
 * project. It is read on the first check, not at start (a server that never sets a password never
 * pays for it), synchronously so the rule can live in a zod schema, and costs about 20 ms once.
 * Only entries as long as `minLength` are kept: a shorter password is refused by length already.
 */
type Dictionary = { readonly dictionary: { readonly 'passwords-common': readonly string[] } };

const require = createRequire(import.meta.url);
let common: ReadonlySet<string> | undefined;
let keptFrom = 0;

/** Folds case and width, so `PASSWORD1234` and `Password1234` count as the listed `password1234`. */
function fold(password: string): string {
  return password.normalize('NFKC').toLowerCase();
}

function load(minLength: number): ReadonlySet<string> {
  if (!common || keptFrom !== minLength) {
    // Typed by the package's own declarations (`dictionary: { 'passwords-common': string[] }`).
    const { dictionary }: Dictionary = require('@zxcvbn-ts/language-common');
    common = new Set(dictionary['passwords-common'].filter((entry) => [...entry].length >= minLength));
    keptFrom = minLength;
  }
  return common;
}

/** Whether a password is on the common-password list (case and width folded). */
export function isCommonPassword(password: string, minLength: number): boolean {
  return load(minLength).has(fold(password));
}
