/** The dashboard: session, header, routes and the live region. */
import type { JSX } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Me } from '../contract/api.js';
import { useAnnouncement } from './announce.js';
import { ApiError, api, setSession, setUnauthenticatedHandler } from './api.js';
import { ErrorNotice, Loading } from './components/States.js';
import { Account } from './pages/Account.js';
import { AllSitesInbox, Landing } from './pages/AllSites.js';
import { Invite } from './pages/Invite.js';
import { ReportPage } from './pages/ReportPage.js';
import { ChooseNewPassword, RequestReset } from './pages/Reset.js';
import { SignIn } from './pages/SignIn.js';
import { SitePage } from './pages/SitePage.js';
import { NewSite, Sites } from './pages/Sites.js';
import { Tokens } from './pages/Tokens.js';
import { Link, match, navigate, useLocation } from './router.js';

type Session =
  | { state: 'checking' }
  | { state: 'failed'; error: unknown }
  | { state: 'known'; me: Me | null };

/** The whole app. */
export function App(): JSX.Element {
  const [session, setSessionState] = useState<Session>({ state: 'checking' });
  const [round, setRound] = useState(0);
  const { path } = useLocation();
  const message = useAnnouncement();
  const mainRef = useRef<HTMLElement>(null);
  const navigated = useRef(false);

  const signedIn = useCallback((me: Me | null) => {
    setSession(me);
    setSessionState({ state: 'known', me });
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => signedIn(null));
    return () => setUnauthenticatedHandler(null);
  }, [signedIn]);
  useEffect(() => {
    api.me().then(signedIn, (error: unknown) => {
      if (error instanceof ApiError && error.code === 'unauthenticated') signedIn(null);
      else setSessionState({ state: 'failed', error });
    });
  }, [signedIn, round]);

  // Moving focus to the new page tells screen readers a navigation happened; not on first load.
  useEffect(() => {
    if (navigated.current) mainRef.current?.focus();
    navigated.current = true;
  }, [path]);

  const signOut = async () => {
    try {
      await api.logout();
    } catch {
      // Expired already, or offline: the session is forgotten here either way.
    }
    signedIn(null);
    navigate('/');
  };

  const me = session.state === 'known' ? session.me : null;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <Link to="/" class="brand">
          Misprint
        </Link>
        {me && (
          <nav aria-label="Main">
            <Link to="/inbox">All sites</Link>
            <Link to="/sites">Sites</Link>
            <Link to="/tokens">API tokens</Link>
            <Link to="/account" class="who">
              {me.user.name || me.user.email}
            </Link>
            <button type="button" class="secondary" onClick={() => void signOut()}>
              Sign out
            </button>
          </nav>
        )}
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        {session.state === 'checking' ? (
          <Loading />
        ) : session.state === 'failed' ? (
          <ErrorNotice error={session.error} retry={() => setRound((n) => n + 1)} />
        ) : (
          <Route
            path={path}
            me={session.me}
            onSignedIn={signedIn}
            onSignedOut={() => {
              signedIn(null);
              navigate('/');
            }}
          />
        )}
      </main>
      <div class="sr-only" role="status" aria-live="polite" data-testid="live">
        {message}
      </div>
    </>
  );
}

function Route({
  path,
  me,
  onSignedIn,
  onSignedOut,
}: {
  path: string;
  me: Me | null;
  onSignedIn: (me: Me) => void;
  onSignedOut: () => void;
}): JSX.Element {
  const invite = match('/invite/:token', path);
  if (invite?.token) {
    return (
      <Invite
        token={invite.token}
        me={me}
        onSignedIn={(next) => {
          onSignedIn(next);
          navigate('/', { replace: true });
        }}
      />
    );
  }
  // Reachable signed in or not: a reset link may be opened in a browser with another session.
  if (path === '/reset') return <RequestReset />;
  const reset = match('/reset/:token', path);
  if (reset?.token) return <ChooseNewPassword token={reset.token} />;
  if (!me) return <SignIn onSignedIn={onSignedIn} />;
  if (path === '/account') return <Account me={me} onSignedOut={onSignedOut} />;
  if (path === '/' || path === '') return <Landing />;
  if (path === '/inbox') return <AllSitesInbox me={me} />;
  if (path === '/sites') return <Sites />;
  if (path === '/sites/new') return <NewSite />;
  if (path === '/tokens') return <Tokens />;
  const report = match('/reports/:reportId', path);
  if (report?.reportId) return <ReportPage reportId={report.reportId} me={me.user} />;
  const overview = match('/sites/:siteId/overview', path);
  if (overview?.siteId)
    return <SitePage key={overview.siteId} siteId={overview.siteId} section="overview" me={me} />;
  const settings = match('/sites/:siteId/settings', path);
  if (settings?.siteId)
    return <SitePage key={settings.siteId} siteId={settings.siteId} section="settings" me={me} />;
  const notifications = match('/sites/:siteId/notifications', path);
  if (notifications?.siteId)
    return (
      <SitePage key={notifications.siteId} siteId={notifications.siteId} section="notifications" me={me} />
    );
  const site = match('/sites/:siteId', path);
  if (site?.siteId) return <SitePage key={site.siteId} siteId={site.siteId} section="inbox" me={me} />;
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        <Link to="/sites">Go to your sites</Link>
      </p>
    </section>
  );
}
