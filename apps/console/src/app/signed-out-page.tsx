import { Button } from 'antd';
import { useAuth } from 'react-oidc-context';
import { useTranslation } from 'react-i18next';

export function SignedOutPage() {
  const { t } = useTranslation();
  const auth = useAuth();
  return (
    <main id="main" className="page centered">
      <h1>{t('app.signedOutTitle')}</h1>
      <p>{t('app.signedOutBody')}</p>
      <Button
        type="primary"
        size="large"
        onClick={() => void auth.signinRedirect({ state: { returnTo: '/' } })}
      >
        {t('app.signIn')}
      </Button>
    </main>
  );
}
