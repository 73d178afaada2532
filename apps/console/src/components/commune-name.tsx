import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { answer, intake } from '../api/client';
import type { CommuneHit } from '../api/views';

export function communeLabel(hit: Pick<CommuneHit, 'name' | 'provinceName'>): string {
  return `${hit.name}, ${hit.provinceName}`;
}

/** The name of a commune code, for lists and details (cached: the list of communes rarely changes). */
export function CommuneName({ code }: { code: string | null | undefined }) {
  const { t } = useTranslation();
  const { data } = useQuery({
    queryKey: ['commune', code],
    enabled: !!code,
    staleTime: 60 * 60_000,
    queryFn: async () =>
      (
        await answer<CommuneHit>(
          intake.GET('/v1/communes/{code}', { params: { path: { code: code ?? '' } } }),
        )
      ).data,
  });
  if (!code) return <>{t('common.none')}</>;
  return <>{data ? communeLabel(data) : code}</>;
}
