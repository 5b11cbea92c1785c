import type { TokenScope, User } from '../../contract/api.js';

/** A request signed in with the session cookie; unsafe methods must echo `csrfToken`. */
export interface SessionAuth {
  readonly kind: 'session';
  readonly user: User;
  readonly sessionIdHash: string;
  readonly csrfToken: string;
}

/** A request signed in with `Authorization: Bearer mp_...`; no cookie, so no CSRF check. */
export interface TokenAuth {
  readonly kind: 'token';
  readonly user: User;
  readonly tokenId: string;
  /** `read` tokens are refused on unsafe methods (server/auth/authenticate.ts). */
  readonly scope: TokenScope;
}

/** Who is calling and how they proved it. */
export type Auth = SessionAuth | TokenAuth;
