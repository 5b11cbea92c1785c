/** The shell of one site: loads it once, then shows its inbox, overview or settings. */
import type { JSX } from 'preact';
import type { Me } from '../../contract/api.js';
import { api } from '../api.js';
import { ErrorNotice, Loading } from '../components/States.js';
import { useResource } from '../resource.js';
import { Link } from '../router.js';
import { useDocumentTitle } from '../title.js';
import { Inbox } from './Inbox.js';
import { Overview } from './Overview.js';
import { Settings } from './Settings.js';

/** Which part of a site is shown. */
export type SiteSection = 'inbox' | 'overview' | 'settings';

const SECTIONS: ReadonlyArray<[SiteSection, string, string]> = [
  ['inbox', 'Inbox', ''],
  ['overview', 'Overview', '/overview'],
  ['settings', 'Settings', '/settings'],
];

/** `/sites/:siteId[/overview|/settings]`. */
export function SitePage({
  siteId,
  section,
  me,
}: {
  siteId: string;
  section: SiteSection;
  me: Me;
}): JSX.Element {
  const site = useResource(() => api.site(siteId), siteId);
  const label = SECTIONS.find(([name]) => name === section)?.[1];
  useDocumentTitle(label, site.state.status === 'ready' ? site.state.data.name : null);
  if (site.state.status === 'loading') return <Loading label="Loading the site…" />;
  if (site.state.status === 'error') return <ErrorNotice error={site.state.error} retry={site.reload} />;
  const data = site.state.data;
  const base = `/sites/${encodeURIComponent(data.id)}`;
  return (
    <div class="site">
      <div class="site-head">
        <h1>{data.name}</h1>
        <span class="badge">{data.role}</span>
      </div>
      <nav class="subnav" aria-label={`${data.name} sections`}>
        {SECTIONS.map(([name, label, suffix]) => (
          <Link key={name} to={base + suffix} aria-current={name === section ? 'page' : undefined}>
            {label}
          </Link>
        ))}
      </nav>
      {section === 'inbox' && <Inbox me={me} site={data} sites={[data]} />}
      {section === 'overview' && <Overview site={data} />}
      {section === 'settings' && <Settings site={data} me={me} onSaved={site.set} />}
    </div>
  );
}
