import { Button } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { answer, intake } from '../../../api/client';
import { ProblemError } from '../../../api/problems';
import type { ContactListItem, DraftDuplicates, DuplicateMatch } from '../../../api/views';
import { CommuneName } from '../../../components/commune-name';
import { formatDateTime } from '../../../lib/dates';
import { reasonKey } from './duplicate-reasons';
import type { duplicateQuery } from './call-form.model';

type Query = ReturnType<typeof duplicateQuery>;

/**
 * The draft's possible duplicates and the caller's earlier contacts, from the intake's draft search
 * (POST /v1/contacts/possible-duplicates: bounded, access-logged). An intake without it answers 404 or 405: the
 * panel then searches the work list by the child's name (also access-logged), which finds the same child
 * under the same name only.
 */
async function searchDraft(
  query: Query,
  signal: AbortSignal,
): Promise<DraftDuplicates & { byName?: boolean }> {
  try {
    const post = intake.POST as unknown as (
      path: string,
      init: { body: unknown; signal: AbortSignal },
    ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
    return (await answer<DraftDuplicates>(post('/v1/contacts/possible-duplicates', { body: query, signal })))
      .data;
  } catch (err) {
    const name = query.children?.find((c) => c.name)?.name;
    const missing = err instanceof ProblemError && [404, 405].includes(err.problem.status);
    if (!missing || !name || name.length < 2) throw err;
    const list = await answer<ContactListItem[]>(
      intake.GET('/v1/contacts', { params: { query: { q: name, purpose: 'report', limit: 10 } }, signal }),
    );
    return {
      byName: true,
      repeatCaller: null,
      duplicates: list.data.map((c) => ({
        contactId: c.id,
        receivedAt: c.receivedAt,
        incidentCommuneCode: c.incidentCommuneCode,
        status: c.status,
        caseId: c.caseId ?? c.linkedCaseId,
        caseState: c.caseState,
        score: 0,
        reasons: ['same name'],
        matchedChild: { childRef: '', ageYears: null },
      })),
    };
  }
}

export function SidePanel(props: {
  query: Query;
  linkCaseId?: string;
  onLink: (caseId: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const { query } = props;
  const hasSomething = (query.children?.length ?? 0) > 0 || !!query.reporterPhone;
  const { data, isFetching, error } = useQuery({
    queryKey: ['draft-duplicates', query],
    enabled: hasSomething,
    staleTime: 30_000,
    queryFn: ({ signal }) => searchDraft(query, signal),
  });

  const reasons = (m: DuplicateMatch) =>
    m.reasons.map((r) => {
      const { key, n } = reasonKey(r);
      return t(key, { n });
    });

  return (
    <aside aria-labelledby="panel-title" className="panel">
      <h2 id="panel-title">{t('panel.title')}</h2>
      <section aria-labelledby="panel-caller">
        <h3 id="panel-caller">{t('panel.repeatCaller')}</h3>
        {!query.reporterPhone ? (
          <p className="muted">{t('panel.phoneHint')}</p>
        ) : data?.repeatCaller ? (
          <>
            <p>{t('panel.earlierContacts', { count: data.repeatCaller.earlierContacts })}</p>
            <ul className="plain-list">
              {data.repeatCaller.contacts.map((c) => (
                <li key={c.contactId}>
                  <Link href={`/contacts/${c.contactId}`}>
                    {formatDateTime(c.receivedAt)} · {t(`enums.purpose.${c.purpose}`)} ·{' '}
                    {t(`enums.status.${c.status}`)}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="muted">{t('panel.noEarlierContacts')}</p>
        )}
      </section>
      <section aria-labelledby="panel-duplicates" aria-live="polite" aria-busy={isFetching}>
        <h3 id="panel-duplicates">{t('panel.duplicates')}</h3>
        {data?.byName && <p className="muted">{t('panel.nameSearch')}</p>}
        {!hasSomething ? (
          <p className="muted">{t('panel.duplicatesHint')}</p>
        ) : isFetching && !data ? (
          <p className="muted">{t('panel.searching')}</p>
        ) : error ? (
          <p className="muted">{t('common.loadFailed')}</p>
        ) : (data?.duplicates.length ?? 0) === 0 ? (
          <p className="muted">{t('panel.noDuplicates')}</p>
        ) : (
          <ul className="plain-list">
            {(data?.duplicates ?? []).map((m) => (
              <li key={m.contactId}>
                <div>
                  <span>
                    {t('panel.match', { time: formatDateTime(m.receivedAt) })}{' '}
                    <CommuneName code={m.incidentCommuneCode} />
                  </span>
                  <div className="tags">
                    {m.score > 0 && (
                      <span className="chip">{t('panel.score', { percent: Math.round(m.score * 100) })}</span>
                    )}
                    {m.matchedChild.ageYears !== null && (
                      <span className="chip">{t('panel.age', { age: m.matchedChild.ageYears })}</span>
                    )}
                    {reasons(m).map((r) => (
                      <span key={r} className="chip">
                        {r}
                      </span>
                    ))}
                    {m.caseState && (
                      <span className={m.caseState === 'open' ? 'chip chip-blue' : 'chip'}>
                        {t(`enums.caseState.${m.caseState}`)}
                      </span>
                    )}
                  </div>
                  <div className="tags" style={{ marginTop: 4 }}>
                    <Link href={`/contacts/${m.contactId}`}>{t('panel.openContact')}</Link>
                    {m.caseId && m.caseState === 'open' && props.linkCaseId !== m.caseId && (
                      <Button size="small" onClick={() => props.onLink(m.caseId ?? undefined)}>
                        {t('panel.addToCase')}
                      </Button>
                    )}
                  </div>
                </div>
              </li>
            ))}
          </ul>
        )}
        {props.linkCaseId && (
          <div>
            <p>
              <strong>{t('panel.willLink')}</strong>
            </p>
            <Button size="small" onClick={() => props.onLink(undefined)}>
              {t('panel.cancelLink')}
            </Button>
          </div>
        )}
      </section>
    </aside>
  );
}
