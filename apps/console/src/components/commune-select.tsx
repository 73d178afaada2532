import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { answer, intake } from '../api/client';
import type { CommuneHit, CommuneSearchView } from '../api/views';
import { communeLabel } from './commune-name';

export interface CommuneValue {
  value: string;
  label: string;
}

/** Waits until typing pauses (and an input method has finished composing) before searching. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/**
 * The 2025 commune, found from what the caller says: the intake's search takes names without diacritics,
 * misspellings and pre-2025 commune or district names (with the reason it maps there), and codes.
 */
export function CommuneSelect(props: {
  id?: string;
  value?: CommuneValue;
  onChange?: (v: CommuneValue | undefined) => void;
  'aria-label'?: string;
  'aria-describedby'?: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [composing, setComposing] = useState(false);
  const q = useDebounced(composing ? '' : search.trim(), 250);
  const { data, isFetching } = useQuery({
    queryKey: ['communes', q],
    enabled: q.length > 0,
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }) =>
      (
        await answer<CommuneSearchView>(
          intake.GET('/v1/communes', { params: { query: { q, limit: 10 } }, signal }),
        )
      ).data,
  });
  const options = (data?.items ?? []).map((hit) => ({
    value: hit.code,
    label: communeLabel(hit),
    hit,
  }));
  return (
    <div onCompositionStart={() => setComposing(true)} onCompositionEnd={() => setComposing(false)}>
      <Select<CommuneValue>
        id={props.id}
        aria-label={props['aria-label']}
        aria-describedby={props['aria-describedby']}
        labelInValue
        showSearch={{ filterOption: false, onSearch: setSearch }}
        allowClear={{ label: t('common.clearChoice') }}
        value={props.value}
        onChange={(v) => props.onChange?.(v ? { value: v.value, label: String(v.label) } : undefined)}
        placeholder={t('commune.placeholder')}
        notFoundContent={isFetching ? t('commune.searching') : q ? t('commune.noMatch') : null}
        options={options}
        optionRender={(o) => {
          const hit = (o.data as { hit: CommuneHit }).hit;
          return (
            <div>
              <div>{communeLabel(hit)}</div>
              {hit.legacy?.length ? (
                <div className="muted" style={{ fontSize: 12, whiteSpace: 'normal' }}>
                  {t('commune.formerly', {
                    reason: hit.legacy
                      .map((l) =>
                        [l.oldName, l.oldDistrictName, l.oldProvinceName].filter(Boolean).join(', '),
                      )
                      .join('; '),
                  })}
                </div>
              ) : null}
              {hit.matchedBy === 'fuzzy' && (
                <div className="muted" style={{ fontSize: 12 }}>
                  {t('commune.nearMatch')}
                </div>
              )}
            </div>
          );
        }}
        style={{ width: '100%' }}
      />
    </div>
  );
}
