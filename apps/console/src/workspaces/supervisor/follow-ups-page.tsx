import { Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { answer, intake } from '../../api/client';
import type { ContactListItem } from '../../api/views';
import { communeColumn, receivedAtColumn } from '../../components/contact-columns';
import { ProblemAlert } from '../../components/problem-alert';
import { formatDateTime } from '../../lib/dates';
import { DueTag } from './due-tag';

/** The intake raises alerts on its own clock; the list asks again this often (no manual refresh). */
export const FOLLOW_UP_POLL_MS = 15_000;

export function FollowUpsPage() {
  const { t } = useTranslation();
  const { data, error, dataUpdatedAt, isLoading } = useQuery({
    queryKey: ['follow-ups'],
    refetchInterval: FOLLOW_UP_POLL_MS,
    refetchIntervalInBackground: true,
    queryFn: async ({ signal }) =>
      (await answer<ContactListItem[]>(intake.GET('/v1/follow-ups', { signal }))).data,
  });
  const columns: ColumnsType<ContactListItem> = [
    receivedAtColumn(t),
    {
      title: t('followUps.alert'),
      key: 'alert',
      render: (_: unknown, c) => (
        <Tag color="red">
          {t(`enums.alert.${c.alert ?? (c.referralCommuneCode ? 'not_taken_up' : 'not_referred')}`)}
        </Tag>
      ),
    },
    communeColumn(t),
    {
      title: t('followUps.due'),
      key: 'due',
      render: (_: unknown, c) => {
        const due = dueOf(c);
        return due ? <DueTag due={due} /> : t('common.none');
      },
    },
    {
      title: t('common.urgent'),
      key: 'urgent',
      render: (_: unknown, c) => (c.urgent ? <Tag color="red">{t('common.urgent')}</Tag> : t('common.no')),
    },
  ];
  return (
    <section aria-labelledby="follow-ups-title">
      <h1 id="follow-ups-title" style={{ fontSize: 24 }}>
        {t('followUps.title')}
      </h1>
      <p className="muted">
        {t('followUps.live', {
          seconds: FOLLOW_UP_POLL_MS / 1000,
          time: dataUpdatedAt ? formatDateTime(new Date(dataUpdatedAt).toISOString()) : t('common.none'),
        })}
      </p>
      <ProblemAlert error={error} />
      <p role="status" aria-live="polite">
        <strong>{data ? t('followUps.count', { count: data.length }) : ''}</strong>
      </p>
      <Table<ContactListItem>
        rowKey="id"
        loading={isLoading}
        columns={columns}
        dataSource={byLateness(data ?? [])}
        locale={{ emptyText: t('followUps.empty') }}
        pagination={false}
        scroll={{ x: 700 }}
      />
    </section>
  );
}

/** When the alert's clock ran out: passing the report on, or the commune taking it up. */
function dueOf(c: ContactListItem): string | null | undefined {
  return c.alert === 'not_referred' ? c.forwardBy : c.acknowledgeBy;
}

/** The most overdue first (the earliest due time): what the supervisor chases first. */
function byLateness(items: ContactListItem[]): ContactListItem[] {
  const at = (c: ContactListItem) => {
    const due = dueOf(c);
    return due ? Date.parse(due) : Number.POSITIVE_INFINITY;
  };
  return [...items].sort((a, b) => at(a) - at(b));
}
