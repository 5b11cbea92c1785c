import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  COMMON_PASSWORD_MESSAGE,
  NewPasswordSchema,
  PASSWORD_MIN,
  PasswordSchema,
} from '../../../server/schemas/passwords.js';
import { isCommonPassword } from '../../../server/services/common-passwords.js';

/** The messages a new password is refused with, or [] when it is accepted. */
function refusals(password: string): string[] {
  const result = z.safeParse(NewPasswordSchema, password);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe('the rule for new passwords', () => {
  it('asks for at least 10 characters, counted in code points', () => {
    expect(PASSWORD_MIN).toBe(10);
    expect(refusals('nine chars'.slice(0, 9))).toEqual(['must be at least 10 characters']);
    expect(refusals('ten chars!')).toEqual([]);
    // Five emoji are ten UTF-16 units but five characters.
    expect(refusals('🐈🐈🐈🐈🐈')).toEqual(['must be at least 10 characters']);
  });

  it.each(['1234567890', 'qwertyuiop', 'password123', 'PASSWORD123', 'Basketball', 'ｑｗｅｒｔｙｕｉｏｐ'])(
    'refuses the common password %j in any case or width',
    (password) => {
      expect(refusals(password)).toEqual([COMMON_PASSWORD_MESSAGE]);
    },
  );

  it('accepts long uncommon passphrases, spaces and any script included', () => {
    for (const password of ['correct horse battery staple', 'такой пароль никто не угадает', 'x8#Lq!v2Pz']) {
      expect(refusals(password)).toEqual([]);
    }
  });

  it('refuses control characters', () => {
    expect(refusals('nul\u0000in the middle')).toEqual(['must not contain control characters']);
    expect(refusals('line\nbreak inside')).toEqual(['must not contain control characters']);
  });

  it('only judges new passwords: signing in takes any string up to the cap', () => {
    expect(z.safeParse(PasswordSchema, 'short').success).toBe(true);
    expect(z.safeParse(PasswordSchema, 'password').success).toBe(true);
  });

  it('keeps only entries long enough to matter from the list', () => {
    expect(isCommonPassword('password', PASSWORD_MIN)).toBe(false);
    expect(isCommonPassword('password', 8)).toBe(true);
    expect(isCommonPassword('password123', PASSWORD_MIN)).toBe(true);
  });
});
