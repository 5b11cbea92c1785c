/** The shell of one site: loads it once, then shows its inbox, overview or settings. */
import type { JSX } from 'preact';
import type { Me } from '../../contract/api.js';
import { canViewChannels } from '../../contract/permissions.js';
import { api } from '../api.js';
import { ErrorNotice, Loading } from '../components/States.js';
import { useResource } from '../resource.js';
import { Link } from '../router.js';
import { useDocumentTitle } from '../title.js';
import { Inbox } from './Inbox.js';
import { ChannelsBanner, Notifications } from './Notifications.js';
import { Overview } from './Overview.js';
import { Settings } from './Settings.js';

/** Which part of a site is shown. */
export type SiteSection = 'inbox' | 'overview' | 'settings' | 'notifications';

const SECTIONS: ReadonlyArray<[SiteSection, string, string]> = [
  ['inbox', 'Inbox', ''],
  ['overview', 'Overview', '/overview'],
  ['settings', 'Settings', '/settings'],
  ['notifications', 'Notifications', '/notifications'],
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
      {canViewChannels(data.role) && <ChannelsBanner site={data} href={`${base}/notifications`} />}
      {section === 'inbox' && <Inbox me={me} site={data} sites={[data]} />}
      {section === 'overview' && <Overview site={data} />}
      {section === 'settings' && <Settings site={data} me={me} onSaved={site.set} />}
      {section === 'notifications' && <Notifications site={data} />}
    </div>
  );
}
