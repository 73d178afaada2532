import { useState } from 'react';
import { Button, Col, DatePicker, Form, Input, Row, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { answer, intake } from '../../../api/client';
import {
  pathsV1ContactsGetParametersQueryPurposeValues,
  pathsV1ContactsGetParametersQueryStatusValues,
} from '../../../api/generated/intake';
import type { paths } from '../../../api/generated/intake';
import type { ContactListItem } from '../../../api/views';
import { communeColumn, receivedAtColumn } from '../../../components/contact-columns';
import { CommuneSelect, type CommuneValue } from '../../../components/commune-select';
import { ProblemAlert } from '../../../components/problem-alert';
import { DATE_FORMAT, TIME_ZONE, dayjs } from '../../../lib/dates';
import { isComposing } from '../../../lib/ime';
import { DueTag } from '../../supervisor/due-tag';

type ListQuery = NonNullable<paths['/v1/contacts']['get']['parameters']['query']>;
type View = 'mine' | 'all' | 'awaiting' | 'team';

const FIXED: Record<View, Partial<ListQuery>> = {
  mine: { mine: 'true' },
  all: {},
  awaiting: { awaitingAcknowledgement: 'true' },
  team: {},
};

interface Filters {
  range?: [Dayjs | null, Dayjs | null] | null;
  purpose?: ListQuery['purpose'];
  status?: ListQuery['status'];
  commune?: CommuneValue;
  q?: string;
}

function toQuery(view: View, f: Filters): ListQuery {
  const [from, to] = f.range ?? [];
  const q = f.q?.trim();
  return {
    ...FIXED[view],
    from: from ? dayjs.tz(from.format('YYYY-MM-DD'), TIME_ZONE).toISOString() : undefined,
    to: to ? dayjs.tz(to.format('YYYY-MM-DD'), TIME_ZONE).add(1, 'day').toISOString() : undefined,
    purpose: f.purpose,
    status: f.status,
    commune: f.commune?.value,
    q: q && q.length >= 2 ? q : undefined,
    limit: 200,
  };
}

function ContactsList({ view }: { view: View }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const query = toQuery(view, filters);
  const { data, isFetching, error } = useQuery({
    queryKey: ['contacts', query],
    refetchInterval: view === 'awaiting' ? 30_000 : false,
    queryFn: async ({ signal }) =>
      (await answer<ContactListItem[]>(intake.GET('/v1/contacts', { params: { query }, signal }))).data,
  });
  const columns: ColumnsType<ContactListItem> = [
    receivedAtColumn(t),
    {
      title: t('contacts.purpose'),
      key: 'purpose',
      render: (_: unknown, c) => t(`enums.purpose.${c.purpose}`),
    },
    {
      title: t('contacts.concerns'),
      key: 'concerns',
      render: (_: unknown, c) => c.concerns.map((k) => t(`enums.concern.${k}`)).join(', '),
    },
    communeColumn(t),
    {
      title: t('contacts.status'),
      key: 'status',
      render: (_: unknown, c) => (
        <Space size={4} wrap>
          <Tag>{t(`enums.status.${c.status}`)}</Tag>
          {c.urgent && <Tag color="red">{t('common.urgent')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('contacts.acknowledgeBy'),
      key: 'ack',
      render: (_: unknown, c) =>
        c.acknowledgedAt ? (
          <span className="chip chip-green">{t('contacts.taken_up')}</span>
        ) : c.acknowledgeBy ? (
          <DueTag due={c.acknowledgeBy} />
        ) : (
          t('common.none')
        ),
    },
    {
      title: t('contacts.case'),
      key: 'case',
      render: (_: unknown, c) => (
        <Space size={4} wrap>
          {c.caseState ? <Tag>{t(`enums.caseState.${c.caseState}`)}</Tag> : t('common.none')}
          {c.caseOverdue && <Tag color="red">{t('contacts.overdue')}</Tag>}
        </Space>
      ),
    },
  ];

  return (
    <section aria-labelledby="list-title">
      <h1 id="list-title" style={{ fontSize: 24 }}>
        {t(`contacts.${view}`)}
      </h1>
      <section className="panel">
        <h2>{t('contacts.filters')}</h2>
        <Form<Filters>
          form={form}
          layout="vertical"
          onFinish={(v) => setFilters(v)}
          onKeyDownCapture={(e) => {
            if (isComposing(e)) e.stopPropagation();
          }}
        >
          <Row gutter={12}>
            <Col xs={24} md={8}>
              <Form.Item name="range" label={`${t('contacts.from')} – ${t('contacts.to')}`}>
                <DatePicker.RangePicker
                  format={DATE_FORMAT}
                  style={{ width: '100%' }}
                  placeholder={[t('contacts.from'), t('contacts.to')]}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="purpose" label={t('contacts.purpose')}>
                <Select
                  allowClear={{ label: t('common.clearChoice') }}
                  placeholder={t('contacts.all_purposes')}
                  options={pathsV1ContactsGetParametersQueryPurposeValues.map((p) => ({
                    value: p,
                    label: t(`enums.purpose.${p}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="status" label={t('contacts.status')}>
                <Select
                  allowClear={{ label: t('common.clearChoice') }}
                  placeholder={t('contacts.all_statuses')}
                  options={pathsV1ContactsGetParametersQueryStatusValues.map((s) => ({
                    value: s,
                    label: t(`enums.status.${s}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="commune" label={t('contacts.commune')}>
                <CommuneSelect aria-label={t('contacts.commune')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item name="q" label={t('contacts.q')}>
                <Input allowClear onPressEnter={(e) => !isComposing(e) && form.submit()} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8} style={{ display: 'flex', alignItems: 'end', gap: 8, paddingBottom: 24 }}>
              <Button type="primary" htmlType="submit">
                {t('common.search')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setFilters({});
                }}
              >
                {t('common.reset')}
              </Button>
            </Col>
          </Row>
        </Form>
      </section>
      <ProblemAlert error={error} />
      <p role="status">{data ? t('contacts.count', { count: data.length }) : ''}</p>
      <Table<ContactListItem>
        rowKey="id"
        size="middle"
        loading={isFetching && !data}
        columns={columns}
        dataSource={data ?? []}
        locale={{ emptyText: t('contacts.empty') }}
        pagination={{ pageSize: 25, showSizeChanger: false, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
      />
    </section>
  );
}

export const MyContactsPage = () => <ContactsList view="mine" />;
export const AllContactsPage = () => <ContactsList view="all" />;
export const AwaitingPage = () => <ContactsList view="awaiting" />;
export const TeamContactsPage = () => <ContactsList view="team" />;
