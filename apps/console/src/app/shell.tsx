import { Suspense, useEffect } from 'react';
import { Button } from 'antd';
import { Loading, Notice } from '../components/notice';
import { Link, useLocation, useSearch } from 'wouter';
import { useAuth } from 'react-oidc-context';
import { useTranslation } from 'react-i18next';
import { MENU_PATHS, menuFor } from '../auth/access';
import { useAccess } from '../auth/use-access';
import { changeLanguage, LANGUAGES } from '../i18n/i18n';
import { DraftVault } from '../drafts/draft-vault';
import { idbStorage } from '../drafts/idb-storage';
import { SIGNED_OUT_PATH } from '../auth/oidc';
import { SignedOutPage } from './signed-out-page';
import { Routes } from './routes';

/** Signs in when needed (back to the same address), then shows the menu of the user's roles. */
export function Shell() {
  const auth = useAuth();
  const { t } = useTranslation();
  const [location] = useLocation();
  const search = useSearch();
  const signedOut = location === SIGNED_OUT_PATH;

  useEffect(() => {
    if (!signedOut && !auth.isLoading && !auth.isAuthenticated && !auth.activeNavigator && !auth.error) {
      void auth.signinRedirect({ state: { returnTo: location + (search ? `?${search}` : '') } });
    }
  }, [auth, location, search, signedOut]);

  if (signedOut) return <SignedOutPage />;
  if (auth.error) {
    return (
      <main id="main" className="page">
        <Notice kind="error" title={t('app.signInFailed')} />
        <Button type="primary" style={{ marginTop: 16 }} onClick={() => void auth.signinRedirect()}>
          {t('app.signIn')}
        </Button>
      </main>
    );
  }
  if (!auth.isAuthenticated) {
    return (
      <main id="main" className="page centered">
        <Loading label={t('app.signingIn')} />
      </main>
    );
  }
  return <SignedIn />;
}

function SignedIn() {
  const auth = useAuth();
  const access = useAccess();
  const { t, i18n } = useTranslation();
  const [location] = useLocation();
  const entries = menuFor(access.roles);

  const signOut = async () => {
    // A draft holds a child's data: it does not outlive the session on a shared PC.
    if (access.sub) await new DraftVault(idbStorage, access.sub).clear().catch(() => undefined);
    await auth.signoutRedirect();
  };

  return (
    <div className="layout">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <Link href="/" className="brand">
          {t('app.title')} · {t('app.subtitle')}
        </Link>
        <div className="topbar-tools">
          <span>{t('app.user', { name: access.name })}</span>
          <span role="group" aria-label={t('app.language')} className="lang">
            {LANGUAGES.map((l) => (
              <Button
                key={l}
                size="small"
                type={i18n.language === l ? 'primary' : 'default'}
                aria-pressed={i18n.language === l}
                lang={l}
                onClick={() => void changeLanguage(l)}
              >
                {t(`languages.${l}`)}
              </Button>
            ))}
          </span>
          <Button size="small" onClick={() => void signOut()}>
            {t('app.signOut')}
          </Button>
        </div>
      </header>
      <div className="body">
        {entries.length > 0 && (
          <nav aria-label={t('app.mainMenu')} className="sidenav">
            <ul>
              {entries.map((e) => (
                <li key={e}>
                  <Link href={MENU_PATHS[e]} aria-current={location === MENU_PATHS[e] ? 'page' : undefined}>
                    {t(`menu.${e}`)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <main id="main" tabIndex={-1} className="content">
          <Suspense fallback={<Loading label={t('app.loading')} />}>
            <Routes />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
