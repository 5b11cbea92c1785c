/** The "Email" field of the forms that ask for an account's address (sign-in, password reset). */
import type { JSX } from 'preact';

/** A labelled, required e-mail input that password managers fill as the account's user name. */
export function EmailField({
  value,
  onInput,
}: {
  value: string;
  onInput: (value: string) => void;
}): JSX.Element {
  return (
    <label>
      Email
      <input
        type="email"
        name="email"
        autoComplete="username"
        required
        value={value}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
    </label>
  );
}
