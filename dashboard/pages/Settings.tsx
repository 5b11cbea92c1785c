/** A site's settings: the form (owners), the embed snippet, routing rules, members, invitations, deletion. */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Me, Site } from '../../contract/api.js';
import { canManageMembers, canManageSite } from '../../contract/permissions.js';
import { announce } from '../announce.js';
import { api, errorMessage } from '../api.js';
import { CopyButton } from '../components/CopyButton.js';
import { Invitations } from '../components/Invitations.js';
import { Members } from '../components/Members.js';
import { RoutesEditor } from '../components/RoutesEditor.js';
import { SiteForm } from '../components/SiteForm.js';
import { navigate } from '../router.js';

/** Settings of one site; `onSaved` hands the updated site back to the shell. */
export function Settings({
  site,
  me,
  onSaved,
}: {
  site: Site;
  me: Me;
  onSaved: (site: Site) => void;
}): JSX.Element {
  return (
    <div class="settings">
      <section aria-labelledby="embed-title">
        <h2 id="embed-title">Embed</h2>
        <p>Paste this tag into every page readers should be able to report from.</p>
        <pre class="snippet">
          <code>{site.snippet}</code>
        </pre>
        <CopyButton text={site.snippet} label="Copy snippet" />
      </section>
      <section aria-labelledby="site-title">
        <h2 id="site-title">Site</h2>
        {canManageSite(site.role) ? (
          <SiteForm
            site={site}
            submitLabel="Save changes"
            onSubmit={async (input) => {
              const saved = await api.updateSite(site.id, input);
              onSaved(saved);
              announce('Site saved.');
            }}
          />
        ) : (
          <dl class="readonly">
            <dt>Name</dt>
            <dd>{site.name}</dd>
            <dt>Allowed origins</dt>
            <dd>{site.origins.join(', ') || 'none'}</dd>
            <dt>Longest selection</dt>
            <dd>{site.settings.maxSelection} characters</dd>
            <dt>Rate limits</dt>
            <dd>
              {site.settings.rateLimits.clientPerMinute} per reader per minute,{' '}
              {site.settings.rateLimits.clientPerDay} per reader per day,{' '}
              {site.settings.rateLimits.sitePerMinute} per minute for the site
            </dd>
            <dt>Edit in CMS link</dt>
            <dd>{site.settings.cmsUrlTemplate ?? 'none'}</dd>
            <dt>Time zone</dt>
            <dd>{site.settings.timezone}</dd>
          </dl>
        )}
      </section>
      <section aria-labelledby="routes-title">
        <h2 id="routes-title">Routing rules</h2>
        <RoutesEditor site={site} onSaved={onSaved} />
      </section>
      <section aria-labelledby="members-title">
        <h2 id="members-title">Members</h2>
        <Members site={site} meId={me.user.id} />
      </section>
      {canManageMembers(site.role) && (
        <section aria-labelledby="invitations-title">
          <h2 id="invitations-title">Invitations</h2>
          <Invitations site={site} />
        </section>
      )}
      {canManageSite(site.role) && <DeleteSite site={site} />}
    </div>
  );
}

/** The owner's button that deletes a site after a confirmation. */
function DeleteSite({ site }: { site: Site }): JSX.Element {
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    if (!window.confirm(`Delete ${site.name} and all its reports?`)) return;
    setError(null);
    try {
      await api.deleteSite(site.id);
      announce(`${site.name} was deleted.`);
      navigate('/');
    } catch (failure) {
      setError(`Not deleted: ${errorMessage(failure)}`);
    }
  };
  return (
    <section aria-labelledby="danger-title">
      <h2 id="danger-title">Delete site</h2>
      <p>Deletes the site and all its reports. This cannot be undone.</p>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <button type="button" class="danger" onClick={() => void remove()}>
        Delete {site.name}
      </button>
    </section>
  );
}
