import { useEffect } from 'react';
import { ConfigProvider } from 'antd';
import viVN from 'antd/es/locale/vi_VN';
// Ant Design includes its English texts anyway (its default locale): no gain in loading them later.
import enUS from 'antd/es/locale/en_US';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { AuthProvider, useAuth } from 'react-oidc-context';
import { useTranslation } from 'react-i18next';
import { oidcConfig } from '../auth/oidc';
import { setAccessTokenSource } from '../api/client';
import { ProblemError } from '../api/problems';
import { Shell } from './shell';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // A refusal or a missing record does not get better by asking again.
      retry: (count, error) =>
        count < 2 &&
        !(error instanceof ProblemError && error.problem.status >= 400 && error.problem.status < 500),
    },
    mutations: { retry: false },
  },
});

/** Colours chosen for WCAG AA contrast (at least 4.5:1 for text on white). */
const theme = {
  token: { colorPrimary: '#0b57a4', colorLink: '#0b57a4', colorError: '#b3261e', borderRadius: 6 },
};

function TokenBridge() {
  const auth = useAuth();
  useEffect(() => {
    setAccessTokenSource(() => auth.user?.access_token);
  }, [auth.user]);
  return null;
}

export function App() {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? enUS : viVN;
  return (
    <ConfigProvider locale={locale} theme={theme}>
      <AuthProvider {...oidcConfig}>
        <TokenBridge />
        <QueryClientProvider client={queryClient}>
          <Shell />
        </QueryClientProvider>
      </AuthProvider>
    </ConfigProvider>
  );
}
