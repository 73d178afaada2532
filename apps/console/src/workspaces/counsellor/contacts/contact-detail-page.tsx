import { Alert, Col, Descriptions, Row, Space, Spin, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'wouter';
import { useTranslation } from 'react-i18next';
import { answer, intake } from '../../../api/client';
import { receivesReportsOnly } from '../../../auth/access';
import { useAccess } from '../../../auth/use-access';
import type { ContactView } from '../../../api/views';
import { CommuneName } from '../../../components/commune-name';
import { ProblemAlert } from '../../../components/problem-alert';
import { formatDate, formatDateTime } from '../../../lib/dates';
import { DueTag } from '../../supervisor/due-tag';
import { CloseForm, Duplicates, ReferForm } from './contact-actions';

export function ContactDetailPage() {
  const { id = '' } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const { data, error, isLoading } = useQuery({
    queryKey: ['contact', id],
    queryFn: ({ signal }) =>
      answer<ContactView>(intake.GET('/v1/contacts/{id}', { params: { path: { id } }, signal })),
  });
  if (isLoading) return <Spin aria-label={t('app.loading')} />;
  if (!data) return <ProblemAlert error={error} />;
  return <ContactDetail contact={data.data} version={data.version ?? data.data.version} />;
}

function ContactDetail({ contact: c, version }: { contact: ContactView; version: number }) {
  const { t } = useTranslation();
  // What the last action did ("Đã chuyển báo cáo."), or the call screen's notice after recording.
  const [notice, setNotice] = useState<string | undefined>(
    () => (window.history.state as { notice?: string } | null)?.notice,
  );
  const open = c.status === 'open';
  const isReport = c.purpose === 'report';
  // A commune or a provincial officer refers the reports it recorded; the hotline's lists, its duplicate
  // search of a recorded contact and its closures are the hotline's.
  const hotline = !receivesReportsOnly(useAccess().roles);
  return (
    <section aria-labelledby="contact-title">
      {hotline && <Link href="/contacts">{t('detail.back')}</Link>}
      <h1 id="contact-title" style={{ fontSize: 24 }}>
        {t('detail.title', { time: formatDateTime(c.receivedAt) })}
      </h1>
      {notice && (
        <Alert
          type="success"
          showIcon
          role="status"
          title={t(notice)}
          style={{ marginBottom: 12 }}
          closable={{ onClose: () => setNotice(undefined) }}
        />
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        <Tag>{t(`enums.purpose.${c.purpose}`)}</Tag>
        <Tag color="blue">{t(`enums.status.${c.status}`)}</Tag>
        {c.immediateDanger && <Tag color="red">{t('fields.immediateDanger')}</Tag>}
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <section className="panel">
            <h2>{t('detail.report')}</h2>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('fields.channel')}>
                {t(`enums.channel.${c.channel}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('fields.concerns')}>
                {c.concerns.map((k) => t(`enums.concern.${k}`)).join(', ') || t('common.none')}
              </Descriptions.Item>
              <Descriptions.Item label={t('fields.incidentCommune')}>
                <CommuneName code={c.incidentCommuneCode} />
              </Descriptions.Item>
              <Descriptions.Item label={t('fields.incidentPlace')}>
                {c.place ?? t('common.none')}
              </Descriptions.Item>
              <Descriptions.Item label={t('fields.currentCondition')}>
                {c.currentCondition ?? t('common.none')}
              </Descriptions.Item>
              <Descriptions.Item label={t('fields.actionsTaken')}>
                {c.actionsTaken ?? t('common.none')}
              </Descriptions.Item>
              <Descriptions.Item label={t('fields.notes')}>{c.notes ?? t('common.none')}</Descriptions.Item>
            </Descriptions>
          </section>
          <section className="panel">
            <h2>{t('detail.children')}</h2>
            {c.children.map((ch, i) => (
              <Descriptions
                key={ch.childRef}
                title={t('fields.childN', { n: i + 1 })}
                column={{ xs: 1, md: 2 }}
                size="small"
              >
                <Descriptions.Item label={t('fields.childName')}>
                  {ch.name ?? t('common.none')}
                </Descriptions.Item>
                <Descriptions.Item label={t('fields.sex')}>{t(`enums.sex.${ch.sex}`)}</Descriptions.Item>
                <Descriptions.Item label={t('fields.birthDate')}>
                  {formatDate(ch.birthDate) || t('common.none')}
                </Descriptions.Item>
                <Descriptions.Item label={t('fields.ageYears')}>
                  {ch.ageYears ?? t('common.none')}
                </Descriptions.Item>
                <Descriptions.Item label={t('fields.residenceCommune')}>
                  <CommuneName code={ch.residenceCommuneCode} />
                </Descriptions.Item>
                {ch.familySituation && (
                  <Descriptions.Item label={t('fields.familySituation')}>
                    {ch.familySituation}
                  </Descriptions.Item>
                )}
                {(ch.carers ?? []).map((p, j) => (
                  <Descriptions.Item key={j} label={t('fields.carerN', { n: j + 1 })}>
                    {t(`enums.relation.${p.relation}`)}
                    {p.name ? `: ${p.name}` : ''}
                  </Descriptions.Item>
                ))}
              </Descriptions>
            ))}
          </section>
          <section className="panel">
            <h2>{t('detail.reporter')}</h2>
            {!c.reporter || c.reporter.anonymous ? (
              t('detail.anonymous')
            ) : (
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('fields.reporterName')}>
                  {c.reporter.name ?? t('common.none')}
                </Descriptions.Item>
                <Descriptions.Item label={t('fields.reporterPhone')}>
                  {c.reporter.phone ?? t('common.none')}
                </Descriptions.Item>
                <Descriptions.Item label={t('detail.consent')}>
                  {c.reporter.consentToContact ? t('common.yes') : t('common.no')}
                </Descriptions.Item>
              </Descriptions>
            )}
          </section>
        </Col>
        <Col xs={24} lg={10}>
          <ReferralCard contact={c} />
          {open && isReport && <ReferForm contact={c} version={version} onDone={setNotice} />}
          {open && isReport && hotline && <Duplicates contact={c} version={version} onDone={setNotice} />}
          {open && hotline && <CloseForm contact={c} version={version} onDone={setNotice} />}
        </Col>
      </Row>
    </section>
  );
}

function ReferralCard({ contact: c }: { contact: ContactView }) {
  const { t } = useTranslation();
  const r = c.referral;
  return (
    <section className="panel">
      <h2>{t('detail.referral')}</h2>
      {c.linkedCase && <p>{t('detail.linkedCase', { time: formatDateTime(c.linkedCase.linkedAt) })}</p>}
      {c.closure && (
        <p>
          {t('detail.closure', {
            time: formatDateTime(c.closure.closedAt),
            outcome: t(`enums.outcome.${c.closure.outcome}`),
          })}
        </p>
      )}
      {!r ? (
        !c.linkedCase && !c.closure && <span className="muted">{t('detail.notReferred')}</span>
      ) : (
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('detail.referredTo')}>
            {t(`enums.recipient.${r.recipient ?? 'commune'}`)} — <CommuneName code={r.communeCode} />
            {r.urgent && (
              <Tag color="red" style={{ marginInlineStart: 8 }}>
                {t('common.urgent')}
              </Tag>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('detail.referredAt')}>{formatDateTime(r.referredAt)}</Descriptions.Item>
          <Descriptions.Item label={t('detail.acknowledgedAt')}>
            {r.acknowledgedAt ? (
              formatDateTime(r.acknowledgedAt)
            ) : (
              <Space>
                {t('detail.notAcknowledged')}
                {r.acknowledgeBy && <DueTag due={r.acknowledgeBy} />}
              </Space>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('detail.caseState')}>
            {r.caseState ? t(`enums.caseState.${r.caseState}`) : t('common.none')}
            {r.caseOverdue && (
              <Tag color="red" style={{ marginInlineStart: 8 }}>
                {t('detail.caseOverdue')}
              </Tag>
            )}
          </Descriptions.Item>
          {r.police && (
            <Descriptions.Item label={t('enums.recipient.police')}>
              {t('detail.police', { unit: r.police.unit })}
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
    </section>
  );
}

/** After a command: the answer is the new contact; a conflict reloads it and says so. */
/** Where a report goes (Decree 56 Art. 26.1; since 2025 also the provincial health department and the police). */
