/** The form that creates or edits a site: name, origins, selection limit, rate limits, CMS link, retention. */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import {
  DEFAULT_SITE_SETTINGS,
  type RateLimits,
  RETENTION_DAYS_MAX,
  RETENTION_DAYS_MIN,
  type Site,
  type SiteInput,
} from '../../contract/api.js';
import { LIMITS } from '../../contract/report.js';
import { ApiError, errorMessage } from '../api.js';

/** Props of {@link SiteForm}: `site` to edit, or none to create. */
export interface SiteFormProps {
  site?: Site;
  submitLabel: string;
  /** Saves the input; a rejection is shown above the button. */
  onSubmit: (input: SiteInput) => Promise<void>;
}

const RATE_FIELDS: ReadonlyArray<[keyof RateLimits, string]> = [
  ['clientPerMinute', 'Reports per reader per minute'],
  ['clientPerDay', 'Reports per reader per day'],
  ['sitePerMinute', 'Reports per minute for the whole site'],
  ['nullOriginPerMinute', 'Reports per minute from pages that hide their origin (Origin: null)'],
];

function parseOrigins(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
}

/** A labelled form; server-side validation issues are listed by field. */
export function SiteForm({ site, submitLabel, onSubmit }: SiteFormProps): JSX.Element {
  const settings = site?.settings ?? DEFAULT_SITE_SETTINGS;
  const [name, setName] = useState(site?.name ?? '');
  const [origins, setOrigins] = useState((site?.origins ?? []).join('\n'));
  const [maxSelection, setMaxSelection] = useState(String(settings.maxSelection));
  const [rates, setRates] = useState<Record<keyof RateLimits, string>>({
    clientPerMinute: String(settings.rateLimits.clientPerMinute),
    clientPerDay: String(settings.rateLimits.clientPerDay),
    sitePerMinute: String(settings.rateLimits.sitePerMinute),
    nullOriginPerMinute: String(settings.rateLimits.nullOriginPerMinute),
  });
  const [cms, setCms] = useState(settings.cmsUrlTemplate ?? '');
  const [retention, setRetention] = useState(
    settings.retentionDays === null ? '' : String(settings.retentionDays),
  );
  const [timezone, setTimezone] = useState(settings.timezone);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<readonly string[]>([]);
  const [saving, setSaving] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setIssues([]);
    setSaving(true);
    try {
      await onSubmit({
        name: name.trim(),
        origins: parseOrigins(origins),
        settings: {
          maxSelection: Number(maxSelection),
          cmsUrlTemplate: cms.trim() || null,
          retentionDays: retention.trim() === '' ? null : Number(retention),
          timezone: timezone.trim() || 'UTC',
          rateLimits: {
            clientPerMinute: Number(rates.clientPerMinute),
            clientPerDay: Number(rates.clientPerDay),
            sitePerMinute: Number(rates.sitePerMinute),
            nullOriginPerMinute: Number(rates.nullOriginPerMinute),
          },
        },
      });
    } catch (failure) {
      setError(errorMessage(failure));
      if (failure instanceof ApiError)
        setIssues(failure.issues.map((issue) => `${issue.path}: ${issue.message}`));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form class="site-form" onSubmit={submit}>
      <label>
        Name
        <input
          required
          value={name}
          maxLength={200}
          onInput={(event) => setName(event.currentTarget.value)}
        />
      </label>
      <label>
        Allowed origins
        <textarea
          value={origins}
          rows={3}
          placeholder="https://news.example"
          aria-describedby="origins-hint"
          onInput={(event) => setOrigins(event.currentTarget.value)}
        />
      </label>
      <p id="origins-hint" class="hint">
        One per line, like https://news.example. Only these pages can send reports.
      </p>
      <label>
        Longest selection (characters)
        <input
          type="number"
          min={1}
          max={LIMITS.exactMax}
          required
          value={maxSelection}
          onInput={(event) => setMaxSelection(event.currentTarget.value)}
        />
      </label>
      <fieldset>
        <legend>Rate limits</legend>
        {RATE_FIELDS.map(([field, label]) => (
          <label key={field}>
            {label}
            <input
              type="number"
              min={1}
              required
              value={rates[field]}
              onInput={(event) => {
                const value = event.currentTarget.value;
                setRates((prev) => ({ ...prev, [field]: value }));
              }}
            />
          </label>
        ))}
      </fieldset>
      <label>
        Edit in CMS link
        <input
          type="url"
          value={cms}
          placeholder="https://cms.example/edit?page={url}"
          aria-describedby="cms-hint"
          onInput={(event) => setCms(event.currentTarget.value)}
        />
      </label>
      <p id="cms-hint" class="hint">
        Optional. <code>{'{url}'}</code> is replaced by the reported page’s address.
      </p>
      <label>
        Delete closed reports after (days)
        <input
          type="number"
          min={RETENTION_DAYS_MIN}
          max={RETENTION_DAYS_MAX}
          value={retention}
          placeholder="Keep"
          aria-describedby="retention-hint"
          onInput={(event) => setRetention(event.currentTarget.value)}
        />
      </label>
      <p id="retention-hint" class="hint">
        Optional, at least {RETENTION_DAYS_MIN}. Fixed, dismissed and spam reports older than this are deleted
        daily with their history; open reports are always kept. Empty keeps everything.
      </p>
      <label>
        Time zone
        <input
          type="text"
          value={timezone}
          placeholder="UTC"
          aria-describedby="timezone-hint"
          autocomplete="off"
          spellcheck={false}
          onInput={(event) => setTimezone(event.currentTarget.value)}
        />
      </label>
      <p id="timezone-hint" class="hint">
        An IANA name such as <code>Europe/Berlin</code>. Daily e-mail digests go out at 08:00 there.
      </p>
      {error && (
        <div role="alert" class="error">
          <p>{error}</p>
          {issues.length > 0 && (
            <ul>
              {issues.map((issue) => (
                <li key={issue}>{issue}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <button type="submit" disabled={saving}>
        {saving ? 'Saving…' : submitLabel}
      </button>
    </form>
  );
}
