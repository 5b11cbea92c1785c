/** The list of the caller's sites, and the page that creates one. */
import type { JSX } from 'preact';
import { api } from '../api.js';
import { SiteForm } from '../components/SiteForm.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { useResource } from '../resource.js';
import { Link, navigate } from '../router.js';
import { useDocumentTitle } from '../title.js';

/** `/`: every site the caller belongs to. */
export function Sites(): JSX.Element {
  const sites = useResource(() => api.sites(), 'sites');
  useDocumentTitle('Sites');
  return (
    <section aria-labelledby="sites-title">
      <div class="page-head">
        <h1 id="sites-title">Sites</h1>
        <Link to="/sites/new" class="button">
          New site
        </Link>
      </div>
      {sites.state.status === 'loading' ? (
        <Loading label="Loading sites…" />
      ) : sites.state.status === 'error' ? (
        <ErrorNotice error={sites.state.error} retry={sites.reload} />
      ) : sites.state.data.length === 0 ? (
        <Empty>
          <p>No sites yet. Create one, then paste its script tag into your pages.</p>
        </Empty>
      ) : (
        <ul class="site-list">
          {sites.state.data.map((site) => (
            <li key={site.id}>
              <Link to={`/sites/${encodeURIComponent(site.id)}`}>{site.name}</Link>{' '}
              <span class="hint">
                {site.origins.join(', ')} · {site.role}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** `/sites/new`. */
export function NewSite(): JSX.Element {
  useDocumentTitle('New site');
  return (
    <section aria-labelledby="new-site-title">
      <h1 id="new-site-title">New site</h1>
      <SiteForm
        submitLabel="Create site"
        onSubmit={async (input) => {
          const site = await api.createSite(input);
          navigate(`/sites/${encodeURIComponent(site.id)}/settings`);
        }}
      />
    </section>
  );
}
