/** Where sign-in lands (`/`), and the inbox of every site of the caller (`/inbox`). */
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import type { Me } from '../../contract/api.js';
import { api } from '../api.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { useResource } from '../resource.js';
import { Link, navigate } from '../router.js';
import { useDocumentTitle } from '../title.js';
import { Inbox } from './Inbox.js';
import { Sites } from './Sites.js';

/**
 * `/`: an inbox, as DESIGN.md asks: the only site's, or "All sites" when there are several; the list
 * of sites (with "New site") when there are none yet.
 */
export function Landing(): JSX.Element {
  const sites = useResource(() => api.sites(), 'landing');
  const count = sites.state.status === 'ready' ? sites.state.data.length : null;
  const only = sites.state.status === 'ready' ? sites.state.data[0] : undefined;
  useEffect(() => {
    if (count === 1 && only) navigate(`/sites/${encodeURIComponent(only.id)}`, { replace: true });
    else if (count !== null && count > 1) navigate('/inbox', { replace: true });
  }, [count, only]);
  if (sites.state.status === 'error') return <ErrorNotice error={sites.state.error} retry={sites.reload} />;
  if (count === 0) return <Sites />;
  return <Loading label="Opening your inbox…" />;
}

/** `/inbox`: the groups of every site the caller belongs to, each card naming its site. */
export function AllSitesInbox({ me }: { me: Me }): JSX.Element {
  const sites = useResource(() => api.sites(), 'all-sites');
  useDocumentTitle('All sites');
  return (
    <div class="site">
      <div class="site-head">
        <h1>All sites</h1>
      </div>
      {sites.state.status === 'loading' ? (
        <Loading label="Loading your sites…" />
      ) : sites.state.status === 'error' ? (
        <ErrorNotice error={sites.state.error} retry={sites.reload} />
      ) : sites.state.data.length === 0 ? (
        <Empty>
          <p>
            No sites yet. <Link to="/sites/new">Create one</Link>, then paste its script tag into your pages.
          </p>
        </Empty>
      ) : (
        <Inbox me={me} site={null} sites={sites.state.data} />
      )}
    </div>
  );
}
