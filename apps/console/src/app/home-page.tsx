import { Button } from 'antd';
import { Link, Redirect } from 'wouter';
import { useTranslation } from 'react-i18next';
import { homePath } from '../auth/access';
import { useAccess } from '../auth/use-access';

export function HomeRedirect() {
  const { roles } = useAccess();
  return <Redirect to={homePath(roles)} replace />;
}

export function HomePage() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="home-title" className="page">
      <h1 id="home-title">{t('app.homeTitle')}</h1>
      <p>{t('app.homeBody')}</p>
    </section>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="nf-title" className="page">
      <h1 id="nf-title">{t('app.notFoundTitle')}</h1>
      <p>{t('app.notFoundBody')}</p>
      <Link href="/">
        <Button type="primary">{t('app.backHome')}</Button>
      </Link>
    </section>
  );
}
