/**
 * What the editor API tests share: an app over the dialect's test database with a controllable
 * clock, users, sites and reports inserted directly, and requests signed in by cookie or token.
 */
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { Me, Role } from '../../../../contract/api.js';
import type { ReportKind, ReportStatus } from '../../../../contract/report.js';
import { createApp } from '../../../../server/app.js';
import { loadConfig } from '../../../../server/config.js';
import { createSite } from '../../../../server/db/queries/sites.js';
import { createApiToken } from '../../../../server/db/queries/tokens.js';
import { createUser } from '../../../../server/db/queries/users.js';
import type { Database } from '../../../../server/db/schema.js';
import { type AppDeps, appDeps } from '../../../../server/deps.js';
import { createLogger } from '../../../../server/logger.js';
import type { TestDatabase } from '../../../helpers/databases.js';
import { type AnswerChecker, answerChecker } from '../../../helpers/openapi.js';

/** The password every test user gets. */
export const PASSWORD = 'correct horse battery staple';

/** A clock the tests move by hand. */
export class Clock {
  current: Date;
  constructor(start = new Date()) {
    this.current = start;
  }
  now = (): Date => this.current;
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** The app under test and what it was built from. */
export interface Harness {
  app: Hono;
  deps: AppDeps;
  clock: Clock;
}

/** Builds the whole app (as production does) over the test database. */
export function harness(t: () => TestDatabase, env: NodeJS.ProcessEnv = {}): Harness {
  const clock = new Clock();
  const deps = appDeps({
    db: t().db,
    dialect: t().dialect,
    config: loadConfig({ LOG_LEVEL: 'silent', ...env }),
    logger: createLogger('silent'),
    now: clock.now,
  });
  return { app: createApp(deps), deps, clock };
}

/** A unique e-mail address, so tests sharing a database never collide. */
export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.test`;
}

/** Creates a user with {@link PASSWORD}. */
export async function addUser(db: Kysely<Database>, label = 'user'): Promise<{ id: string; email: string }> {
  const user = await createUser(db, { email: uniqueEmail(label), password: PASSWORD, name: label });
  return { id: user.id, email: user.email };
}

/** Creates a site owned by `ownerId`. */
export async function addSite(db: Kysely<Database>, ownerId: string, name = 'News'): Promise<string> {
  const site = await createSite(db, { name, origins: ['https://news.example'], ownerId });
  return site.id;
}

/** Adds a member with a role. */
export async function addMember(
  db: Kysely<Database>,
  siteId: string,
  userId: string,
  role: Role,
): Promise<void> {
  await db.insertInto('memberships').values({ site_id: siteId, user_id: userId, role }).execute();
}

/** Fields of a report inserted directly (the ingest route is not what these tests are about). */
export interface ReportSeed {
  groupKey?: string;
  receivedAt?: Date | string;
  url?: string;
  title?: string | null;
  exact?: string;
  prefix?: string;
  suffix?: string;
  suggestion?: string | null;
  comment?: string | null;
  kind?: ReportKind;
  status?: ReportStatus;
  /** The page's author and section (`page` of the wire format); the group keeps its first report's. */
  author?: string | null;
  section?: string | null;
}

/** Inserts a report row; returns its id. */
export async function addReport(
  db: Kysely<Database>,
  siteId: string,
  seed: ReportSeed = {},
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('reports')
    .values({
      id,
      site_id: siteId,
      url: seed.url ?? 'https://news.example/budget',
      title: seed.title === undefined ? 'Budget' : seed.title,
      lang: 'en',
      quote_exact: seed.exact ?? 'recieved',
      quote_prefix: seed.prefix ?? 'the council has ',
      quote_suffix: seed.suffix ?? ' the draft',
      suggestion: seed.suggestion === undefined ? 'received' : seed.suggestion,
      comment: seed.comment === undefined ? null : seed.comment,
      kind: seed.kind ?? 'typo',
      status: seed.status ?? 'new',
      group_key: seed.groupKey ?? randomUUID(),
      ip_hash: 'test',
      received_at: seed.receivedAt ?? new Date(),
      page_author: seed.author ?? null,
      page_section: seed.section ?? null,
    })
    .execute();
  return id;
}

/** How a request proves who sends it. */
export type Credentials =
  | { session: Session; csrf?: string | null }
  | { token: string }
  | Record<string, never>;

/** A signed-in browser: its cookie and CSRF token. */
export interface Session {
  cookie: string;
  csrfToken: string;
}

/** The `name=value` of the session cookie a response sets, or undefined. */
export function sessionCookieOf(response: Response): string | undefined {
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(';')[0];
    if (pair?.startsWith('misprint_session=')) return pair;
  }
  return undefined;
}

/** Signs in through the API. */
export async function signIn(app: Hono, email: string, password = PASSWORD): Promise<Session> {
  const response = await app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const me: Me = await response.json();
  const cookie = sessionCookieOf(response);
  if (!cookie || !me.csrfToken) throw new Error('sign-in set no session');
  return { cookie, csrfToken: me.csrfToken };
}

/** An owner (see {@link addUser}) with a site of their own (see {@link addSite}), signed in. */
export async function addSignedInOwner(
  h: Harness,
  siteName?: string,
): Promise<{ user: { id: string; email: string }; siteId: string; session: Session }> {
  const user = await addUser(h.deps.db, 'owner');
  const siteId = await addSite(h.deps.db, user.id, siteName);
  return { user, siteId, session: await signIn(h.app, user.email) };
}

/** A site with an owner, an editor and a viewer (see {@link addUser}, {@link addMember}). */
export async function addStaffedSite(
  db: Kysely<Database>,
  editorLabel = 'editor',
): Promise<{
  siteId: string;
  owner: { id: string; email: string };
  editor: { id: string; email: string };
  viewer: { id: string; email: string };
}> {
  const owner = await addUser(db, 'owner');
  const editor = await addUser(db, editorLabel);
  const viewer = await addUser(db, 'viewer');
  const siteId = await addSite(db, owner.id);
  await addMember(db, siteId, editor.id, 'editor');
  await addMember(db, siteId, viewer.id, 'viewer');
  return { siteId, owner, editor, viewer };
}

/** An API token for a user, made the way the CLI makes them. */
export async function tokenFor(db: Kysely<Database>, userId: string): Promise<string> {
  return (await createApiToken(db, userId, 'test')).token;
}

/**
 * Sends a request to the API with credentials. A session sends its cookie and, on unsafe methods,
 * its CSRF token unless `csrf` says otherwise (null: none, a string: that one). The answer is
 * checked against the OpenAPI document (its status documented, its body as documented).
 */
export function call(
  app: Hono,
  method: string,
  path: string,
  credentials: Credentials,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  const sent: Record<string, string> = { ...headers };
  if (body !== undefined) sent['Content-Type'] = 'application/json';
  if ('session' in credentials) {
    sent.Cookie = credentials.session.cookie;
    const csrf = credentials.csrf === undefined ? credentials.session.csrfToken : credentials.csrf;
    if (method !== 'GET' && csrf !== null) sent['X-CSRF-Token'] = csrf;
  } else if ('token' in credentials) {
    sent.Authorization = `Bearer ${credentials.token}`;
  }
  const answer = Promise.resolve(
    app.request(`/api${path}`, {
      method,
      headers: sent,
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  return answer.then(async (response) => {
    await checkerOf(app).check(method, `/api${path}`, response);
    return response;
  });
}

const checkers = new WeakMap<Hono, AnswerChecker>();

/** Every answer {@link call} receives is checked against the app's OpenAPI document. */
function checkerOf(app: Hono): AnswerChecker {
  let checker = checkers.get(app);
  if (!checker) {
    checker = answerChecker(app);
    checkers.set(app, checker);
  }
  return checker;
}

/** The error code of an error answer. */
export async function errorCode(response: Response): Promise<string> {
  const body: { error?: { code?: string } } = await response.json();
  return body.error?.code ?? `(no error: ${response.status})`;
}
