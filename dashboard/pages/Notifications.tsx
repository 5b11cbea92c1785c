/**
 * A site's notifications: its channels (webhook, Slack, Telegram, GitHub) with add, edit, pause,
 * test and delete for owners, and each channel's delivery log with failures explained. Editors see
 * the channels and logs; viewers do not get here.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Site } from '../../contract/api.js';
import {
  CHANNEL_TYPES,
  type Channel,
  type ChannelInput,
  type ChannelType,
  type CreatedChannel,
  NOTIFY_EVENTS,
  type NotifyEvent,
} from '../../contract/channels.js';
import { canManageChannels, canViewChannels } from '../../contract/permissions.js';
import { REPORT_KINDS, type ReportKind } from '../../contract/report.js';
import { announce } from '../announce.js';
import { api, errorMessage } from '../api.js';
import { CopyButton } from '../components/CopyButton.js';
import { EmailPreference } from '../components/EmailPreference.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { useResource } from '../resource.js';
import { Link } from '../router.js';
import { fullDate, timeAgo } from '../time.js';

const TYPE_LABELS: Record<ChannelType, string> = {
  webhook: 'Webhook (signed)',
  slack: 'Slack',
  telegram: 'Telegram',
  github: 'GitHub issues',
};

const EVENT_LABELS: Record<NotifyEvent, string> = {
  'group.created': 'A new typo (first report of a group)',
  'report.created': 'Every report, duplicates too',
  'group.updated': 'Status or assignee changed',
};

/** Comma-separated words of a text field, trimmed, empty ones dropped. */
function list(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

/** Why a channel is not delivering, in words; null when it is healthy. */
export function channelTrouble(channel: Channel): string | null {
  if (channel.pausedReason === 'failing') return `paused: every delivery failed for 24 hours`;
  if (channel.paused) return 'paused';
  if (channel.failingSince) return `failing since ${timeAgo(channel.failingSince)}`;
  return null;
}

/** The form that adds a channel or edits one (type fixed once created). */
function ChannelForm({
  site,
  channel,
  onDone,
}: {
  site: Site;
  channel?: Channel;
  onDone: (created: CreatedChannel | null) => void;
}): JSX.Element {
  const [type, setType] = useState<ChannelType>(channel?.type ?? 'webhook');
  const [name, setName] = useState(channel?.name ?? '');
  const [events, setEvents] = useState<NotifyEvent[]>(channel?.events ?? ['group.created']);
  const [url, setUrl] = useState(channel?.type === 'webhook' ? (channel.url ?? '') : '');
  const [secret, setSecret] = useState('');
  const [chatId, setChatId] = useState(channel?.chatId ?? '');
  const [repo, setRepo] = useState(channel?.repo ?? '');
  const [kinds, setKinds] = useState<ReportKind[]>(channel?.filter.kinds ?? []);
  const [authors, setAuthors] = useState((channel?.filter.authors ?? []).join(', '));
  const [sections, setSections] = useState((channel?.filter.sections ?? []).join(', '));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    const filter = { kinds, authors: list(authors), sections: list(sections) };
    const chosen = type === 'github' ? (['group.created'] as NotifyEvent[]) : events;
    try {
      if (channel) {
        await api.updateChannel(channel.id, {
          name: name.trim(),
          events: chosen,
          filter,
          ...(url && (type === 'webhook' || type === 'slack') ? { url } : {}),
          ...(secret && type === 'webhook' ? { secret } : {}),
          ...(secret && type === 'telegram' ? { botToken: secret } : {}),
          ...(secret && type === 'github' ? { token: secret } : {}),
          ...(type === 'telegram' && chatId ? { chatId } : {}),
          ...(type === 'github' && repo ? { repo } : {}),
        });
        announce('Channel saved.');
        onDone(null);
        return;
      }
      const common = { name: name.trim(), events: chosen, filter };
      const input: ChannelInput =
        type === 'webhook'
          ? { type, ...common, url, ...(secret ? { secret } : {}) }
          : type === 'slack'
            ? { type, ...common, url }
            : type === 'telegram'
              ? { type, ...common, botToken: secret, chatId }
              : { type, ...common, repo, token: secret };
      const created = await api.createChannel(site.id, input);
      announce('Channel added. Copy its secret now: it is shown only once.');
      onDone(created);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const secretLabel =
    type === 'webhook'
      ? 'Signing secret (whsec_…; leave empty to have one made)'
      : type === 'telegram'
        ? 'Bot token'
        : 'GitHub token';
  return (
    <form
      class="channel-form"
      onSubmit={submit}
      aria-label={channel ? `Edit ${channel.name}` : 'Add a channel'}
    >
      {!channel && (
        <label>
          Type
          <select value={type} onChange={(e) => setType(e.currentTarget.value as ChannelType)}>
            {CHANNEL_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Name
        <input required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      {(type === 'webhook' || type === 'slack') && (
        <label>
          {type === 'slack' ? 'Incoming webhook URL' : 'URL'}
          <input
            type="url"
            required={!channel}
            placeholder={channel?.url ?? 'https://'}
            value={url}
            onInput={(e) => setUrl(e.currentTarget.value)}
          />
        </label>
      )}
      {type === 'telegram' && (
        <label>
          Chat id
          <input required value={chatId} onInput={(e) => setChatId(e.currentTarget.value)} />
        </label>
      )}
      {type === 'github' && (
        <label>
          Repository (owner/name)
          <input required value={repo} onInput={(e) => setRepo(e.currentTarget.value)} />
        </label>
      )}
      {type !== 'slack' && (
        <label>
          {secretLabel}
          <input
            type="password"
            autoComplete="off"
            required={!channel && type !== 'webhook'}
            placeholder={channel?.secret ?? ''}
            value={secret}
            onInput={(e) => setSecret(e.currentTarget.value)}
          />
        </label>
      )}
      {type !== 'github' && (
        <fieldset>
          <legend>Events</legend>
          {NOTIFY_EVENTS.map((e) => (
            <label key={e} class="check">
              <input
                type="checkbox"
                checked={events.includes(e)}
                onChange={(change) =>
                  setEvents(change.currentTarget.checked ? [...events, e] : events.filter((x) => x !== e))
                }
              />
              {EVENT_LABELS[e]}
            </label>
          ))}
        </fieldset>
      )}
      <fieldset>
        <legend>Only these (empty: everything)</legend>
        {REPORT_KINDS.map((k) => (
          <label key={k} class="check">
            <input
              type="checkbox"
              checked={kinds.includes(k)}
              onChange={(change) =>
                setKinds(change.currentTarget.checked ? [...kinds, k] : kinds.filter((x) => x !== k))
              }
            />
            {k}
          </label>
        ))}
        <label>
          Authors (comma-separated)
          <input value={authors} onInput={(e) => setAuthors(e.currentTarget.value)} />
        </label>
        <label>
          Sections (comma-separated)
          <input value={sections} onInput={(e) => setSections(e.currentTarget.value)} />
        </label>
      </fieldset>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="submit" disabled={busy}>
          {channel ? 'Save channel' : 'Add channel'}
        </button>
        <button type="button" class="secondary" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** A channel's delivery log, newest first, each attempt with its status and explained error. */
function DeliveryLog({ channel }: { channel: Channel }): JSX.Element {
  const log = useResource(() => api.deliveries(channel.id), `deliveries:${channel.id}`);
  if (log.state.status === 'loading') return <Loading label="Loading deliveries…" />;
  if (log.state.status === 'error') return <ErrorNotice error={log.state.error} retry={log.reload} />;
  const items = log.state.data.items;
  if (items.length === 0) return <Empty>Nothing delivered yet.</Empty>;
  return (
    <table class="deliveries">
      <caption>Deliveries of {channel.name}</caption>
      <thead>
        <tr>
          <th scope="col">Event</th>
          <th scope="col">State</th>
          <th scope="col">Attempts</th>
          <th scope="col">Last answer</th>
          <th scope="col">Next attempt</th>
        </tr>
      </thead>
      <tbody>
        {items.map((d) => (
          <tr key={d.id} class={`delivery-${d.state}`}>
            <td>
              {d.test ? 'test · ' : ''}
              {d.event}
              <br />
              <small title={fullDate(d.createdAt)}>{timeAgo(d.createdAt)}</small>
            </td>
            <td>
              {d.state === 'delivered' && d.deliveredAt ? `delivered ${timeAgo(d.deliveredAt)}` : d.state}
            </td>
            <td>
              <details>
                <summary>{d.attempts}</summary>
                <ol>
                  {d.log.map((a) => (
                    <li key={a.n}>
                      {fullDate(a.at)}: {a.status ?? 'no answer'} in {a.durationMs} ms
                      {a.error ? ` — ${a.error}` : ''}
                    </li>
                  ))}
                </ol>
              </details>
            </td>
            <td>
              {d.lastStatus ?? '—'}
              {d.lastError && <p class="error">{d.lastError}</p>}
            </td>
            <td>{d.nextAttemptAt ? fullDate(d.nextAttemptAt) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One channel's row: what it is, its state, and the owner's actions. */
function ChannelRow({
  site,
  channel,
  onChanged,
}: {
  site: Site;
  channel: Channel;
  onChanged: () => void;
}): JSX.Element {
  const owner = canManageChannels(site.role);
  const [editing, setEditing] = useState(false);
  const [showLog, setShowLog] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const trouble = channelTrouble(channel);

  const act = async (action: () => Promise<unknown>, done: string) => {
    setError(null);
    try {
      await action();
      announce(done);
      onChanged();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  const test = async () => {
    setError(null);
    setOutcome('Sending a sample…');
    try {
      const result = await api.testChannel(channel.id);
      setOutcome(
        result.ok
          ? `Test delivered (${result.status ?? 'ok'}, ${result.durationMs} ms).`
          : `Test failed: ${result.error ?? 'no answer'}`,
      );
      announce(result.ok ? 'Test delivered.' : 'Test failed.');
    } catch (failure) {
      setOutcome(null);
      setError(errorMessage(failure));
    }
  };

  return (
    <li class={`channel${trouble ? ' channel-trouble' : ''}`}>
      <h3>
        {channel.name} <span class="badge">{TYPE_LABELS[channel.type]}</span>
        {trouble && <span class="badge warning">{trouble}</span>}
      </h3>
      <p>
        {channel.url ?? channel.repo ?? (channel.chatId ? `chat ${channel.chatId}` : '')}
        {channel.secret && (
          <>
            {' '}
            · secret <code>{channel.secret}</code>
          </>
        )}
        <br />
        {channel.events.map((e) => EVENT_LABELS[e]).join(' · ')}
      </p>
      {outcome && <p role="status">{outcome}</p>}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <div class="actions">
        {owner && (
          <>
            <button type="button" onClick={test}>
              Send a test
            </button>
            <button type="button" class="secondary" onClick={() => setEditing(!editing)}>
              Edit
            </button>
            <button
              type="button"
              class="secondary"
              onClick={() =>
                act(
                  () => api.updateChannel(channel.id, { paused: !channel.paused }),
                  channel.paused ? 'Channel resumed.' : 'Channel paused.',
                )
              }
            >
              {channel.paused ? 'Resume' : 'Pause'}
            </button>
            <button
              type="button"
              class="danger"
              onClick={() => {
                if (window.confirm(`Delete the channel “${channel.name}” and its delivery log?`)) {
                  void act(() => api.deleteChannel(channel.id), 'Channel deleted.');
                }
              }}
            >
              Delete
            </button>
          </>
        )}
        <button type="button" class="secondary" aria-expanded={showLog} onClick={() => setShowLog(!showLog)}>
          {showLog ? 'Hide deliveries' : 'Deliveries'}
        </button>
      </div>
      {editing && (
        <ChannelForm
          site={site}
          channel={channel}
          onDone={() => {
            setEditing(false);
            onChanged();
          }}
        />
      )}
      {showLog && <DeliveryLog channel={channel} />}
    </li>
  );
}

/**
 * `/sites/:siteId/notifications`: every member's own e-mail choice, and the site's channels for
 * editors and owners.
 */
export function Notifications({ site }: { site: Site }): JSX.Element {
  return (
    <section aria-labelledby="notifications-title">
      <h2 id="notifications-title">Notifications</h2>
      <section aria-labelledby="email-title">
        <h3 id="email-title">Your e-mail</h3>
        <EmailPreference site={site} />
      </section>
      {canViewChannels(site.role) && <Channels site={site} />}
    </section>
  );
}

/** The site's channels: the list, adding one (owners), and each one's log. */
function Channels({ site }: { site: Site }): JSX.Element {
  const channels = useResource(() => api.channels(site.id), `channels:${site.id}`);
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<CreatedChannel | null>(null);
  const owner = canManageChannels(site.role);
  return (
    <section aria-labelledby="channels-title">
      <h3 id="channels-title">Channels</h3>
      <p>
        Webhooks are signed per Standard Webhooks; failed deliveries are retried for 24 hours, and a channel
        failing all that time is paused.
      </p>
      {created?.secretValue && (
        <div class="secret" role="status">
          <p>
            Copy the {created.type === 'slack' ? 'URL' : 'secret'} of “{created.name}” now. It is shown only
            once.
          </p>
          <code>{created.secretValue}</code> <CopyButton text={created.secretValue} label="Copy secret" />
        </div>
      )}
      {owner && !adding && (
        <button type="button" onClick={() => setAdding(true)}>
          Add a channel
        </button>
      )}
      {adding && (
        <ChannelForm
          site={site}
          onDone={(made) => {
            setAdding(false);
            if (made) setCreated(made);
            channels.reload();
          }}
        />
      )}
      {channels.state.status === 'loading' ? (
        <Loading label="Loading channels…" />
      ) : channels.state.status === 'error' ? (
        <ErrorNotice error={channels.state.error} retry={channels.reload} />
      ) : channels.state.data.length === 0 ? (
        <Empty>No channels yet{owner ? ': add one to hear of new typos where you work.' : '.'}</Empty>
      ) : (
        <ul class="channels">
          {channels.state.data.map((channel) => (
            <ChannelRow key={channel.id} site={site} channel={channel} onChanged={channels.reload} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** A banner on the site's pages while a channel is paused or failing (editors and owners). */
export function ChannelsBanner({ site, href }: { site: Site; href: string }): JSX.Element | null {
  const channels = useResource(() => api.channels(site.id), `channels-banner:${site.id}`);
  if (channels.state.status !== 'ready') return null;
  const troubled = channels.state.data.filter((c) => channelTrouble(c) !== null);
  if (troubled.length === 0) return null;
  return (
    <div class="banner warning" role="status">
      {troubled.map((c) => (
        <p key={c.id}>
          Notifications: “{c.name}” is {channelTrouble(c)}.
        </p>
      ))}
      <Link to={href}>Open notifications</Link>
    </div>
  );
}
