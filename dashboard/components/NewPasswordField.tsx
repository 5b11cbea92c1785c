/** The "New password" field of every form that sets one, with the rule said beside it. */
import type { JSX } from 'preact';
import { PASSWORD_MIN_LENGTH } from '../../contract/api.js';

/** A labelled new-password input; `problem` is what the server said about it, shown and announced. */
export function NewPasswordField({
  value,
  onInput,
  problem,
  label = 'New password',
}: {
  value: string;
  onInput: (value: string) => void;
  problem: string | null;
  label?: string;
}): JSX.Element {
  // The rule is outside the label, so the field's name stays "New password"; it is its description.
  return (
    <div class="field">
      <label>
        {label}
        <input
          type="password"
          name="new-password"
          autoComplete="new-password"
          required
          value={value}
          aria-describedby="new-password-rule"
          aria-invalid={problem ? 'true' : undefined}
          onInput={(event) => onInput(event.currentTarget.value)}
        />
      </label>
      {problem ? (
        // A new element with role=alert, so screen readers announce the refusal when it appears.
        <span key="problem" id="new-password-rule" class="hint error" role="alert">
          The new password {problem}.
        </span>
      ) : (
        <span key="rule" id="new-password-rule" class="hint">
          At least {PASSWORD_MIN_LENGTH} characters, not a common password.
        </span>
      )}
    </div>
  );
}
