/**
 * The signed-in member's own e-mail choice for a site: off, a mail per new report, or a digest each
 * morning. Says so when the server cannot mail at all (no SMTP_URL).
 */
import type { JSX } from 'preact';
import { useId, useState } from 'preact/hooks';
import { EMAIL_CHOICES, type EmailChoice, type NotificationSettings, type Site } from '../../contract/api.js';
import { announce } from '../announce.js';
import { api, errorMessage } from '../api.js';
import { useResource } from '../resource.js';
import { ErrorNotice, Loading } from './States.js';

/** How each choice reads in the form. */
const LABELS: Record<EmailChoice, { label: string; hint: string }> = {
  off: { label: 'Off', hint: 'No e-mail about this site.' },
  instant: {
    label: 'Each new report',
    hint: 'A mail for each new typo assigned to you or to nobody; several within 5 minutes come together.',
  },
  daily: {
    label: 'Daily digest',
    hint: 'One mail at 08:00 in the site’s time zone, when there is something new.',
  },
};

/** The e-mail section for `site`. */
export function EmailPreference({ site }: { site: Site }): JSX.Element {
  const settings = useResource(() => api.notifications(site.id), site.id);
  const [saved, setSaved] = useState<NotificationSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const name = useId();

  if (settings.state.status === 'loading') return <Loading label="Loading your e-mail settings…" />;
  if (settings.state.status === 'error')
    return <ErrorNotice error={settings.state.error} retry={settings.reload} />;
  const current = saved ?? settings.state.data;

  const choose = async (email: EmailChoice) => {
    setError(null);
    setSaving(true);
    try {
      setSaved(await api.setNotifications(site.id, { email }));
      announce(`E-mail: ${LABELS[email].label.toLowerCase()}.`);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div class="email-preference">
      {!current.emailConfigured && (
        <p class="notice" role="note">
          E-mail is not configured on this server (no <code>SMTP_URL</code>), so nothing is mailed whatever
          you choose. Invitation links can still be copied and sent by hand.
        </p>
      )}
      <fieldset disabled={saving}>
        <legend>Mail me about {site.name}</legend>
        {EMAIL_CHOICES.map((choice) => (
          <label key={choice} class="choice">
            <input
              type="radio"
              name={name}
              value={choice}
              checked={current.email === choice}
              onChange={() => void choose(choice)}
            />{' '}
            {LABELS[choice].label}
            <span class="hint"> — {LABELS[choice].hint}</span>
          </label>
        ))}
      </fieldset>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </div>
  );
}
