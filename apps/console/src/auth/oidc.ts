import { WebStorageStateStore, type User } from 'oidc-client-ts';
import type { AuthProviderProps } from 'react-oidc-context';

/** Realm and client fixed for every deployment (docs/console.md); the origin is the console's own. */
export const REALM = 'child-protection';
export const CLIENT_ID = 'cp-console';
export const SIGNIN_CALLBACK_PATH = '/signin-callback';
export const SIGNED_OUT_PATH = '/signed-out';

const origin = window.location.origin;

/**
 * Authorization code with PKCE (S256) against Keycloak behind the same origin (/auth). Tokens live in the
 * tab's sessionStorage (a shared call-centre PC: closing the tab forgets them); the access token is renewed
 * before it expires with the refresh token (automaticSilentRenew).
 */
export const oidcConfig: AuthProviderProps = {
  authority: `${origin}/auth/realms/${REALM}`,
  client_id: CLIENT_ID,
  redirect_uri: `${origin}${SIGNIN_CALLBACK_PATH}`,
  post_logout_redirect_uri: `${origin}${SIGNED_OUT_PATH}`,
  response_type: 'code',
  scope: 'openid profile',
  automaticSilentRenew: true,
  loadUserInfo: false,
  userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  onSigninCallback: (user: User | void) => {
    const state = user?.state as { returnTo?: string } | undefined;
    const returnTo = state?.returnTo && state.returnTo.startsWith('/') ? state.returnTo : '/';
    window.history.replaceState({}, document.title, returnTo);
    // The router listens to popstate: tell it the address changed.
    window.dispatchEvent(new PopStateEvent('popstate'));
  },
};
