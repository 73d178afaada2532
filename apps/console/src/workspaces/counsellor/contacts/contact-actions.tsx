import { useEffect, useRef } from 'react';
import { Button, Checkbox, Form, Input, Select, Space } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { useTranslation } from 'react-i18next';
import { answer, ifMatch, intake, newIdempotencyKey } from '../../../api/client';
import { closeContactDtoOutcomeValues } from '../../../api/generated/intake';
import { asProblem, problemFields } from '../../../api/problems';
import type { CommuneHit, ContactView, DuplicateMatch, Outcome } from '../../../api/views';
import { CommuneName, communeLabel } from '../../../components/commune-name';
import { CommuneSelect, type CommuneValue } from '../../../components/commune-select';
import { ProblemAlert, useProblemMessage } from '../../../components/problem-alert';
import { formatDateTime } from '../../../lib/dates';
import { isComposing } from '../../../lib/ime';
import { reasonKey } from '../new-call/duplicate-reasons';

// What the counsellor does with a recorded contact: refer it (Decree 56/2017 Art. 25), add it to an open
// case found among its possible duplicates, or close it with its outcome.

/** One key per attempt of a command, kept until it succeeds: a double click or a retry acts once. */
function useCommandKey() {
  const key = useRef(newIdempotencyKey());
  return { get: () => key.current, renew: () => (key.current = newIdempotencyKey()) };
}

const RECIPIENTS = ['commune', 'health_department', 'police'] as const;
interface ReferValues {
  recipient: (typeof RECIPIENTS)[number];
  commune?: CommuneValue;
  urgent: boolean;
  policeUnit?: string;
  policeReference?: string;
}

function useContactCommand<V>(
  contact: ContactView,
  send: (values: V, key: string) => Promise<ContactView>,
  done: string,
  onDone: (notice: string) => void,
) {
  const queryClient = useQueryClient();
  const key = useCommandKey();
  return useMutation({
    mutationFn: (values: V) => send(values, key.get()),
    onSuccess: (view) => {
      key.renew();
      queryClient.setQueryData(['contact', contact.id], { data: view, version: view.version });
      void queryClient.invalidateQueries({ queryKey: ['contacts'] });
      onDone(done);
    },
    onError: (error) => {
      if (asProblem(error).status === 409) {
        key.renew();
        void queryClient.invalidateQueries({ queryKey: ['contact', contact.id] });
      }
    },
  });
}

/** What each action on a contact gets: the contact as read, its version, and what to say when done. */
interface ActionProps {
  contact: ContactView;
  version: number;
  onDone: (notice: string) => void;
}

export function ReferForm({ contact: c, version, onDone }: ActionProps) {
  const { t } = useTranslation();
  const problemMessage = useProblemMessage();
  const [form] = Form.useForm<ReferValues>();
  const recipient = Form.useWatch('recipient', form);
  const refer = useContactCommand(
    c,
    async (v: ReferValues, key) =>
      (
        await answer<ContactView>(
          intake.POST('/v1/contacts/{id}/referrals', {
            params: { path: { id: c.id } },
            body: {
              // The recipient is sent only when it is not the commune (the default): an intake without the
              // health-department and police referrals still takes the commune's.
              ...(v.recipient !== 'commune' ? ({ recipient: v.recipient } as object) : {}),
              communeCode: v.commune?.value ?? '',
              urgent: v.urgent,
              police: v.policeUnit?.trim()
                ? { unit: v.policeUnit.trim(), reference: v.policeReference?.trim() || undefined }
                : undefined,
            },
            headers: { 'If-Match': ifMatch(version), 'Idempotency-Key': key },
          }),
        )
      ).data,
    'detail.referred',
    onDone,
  );
  // The incident commune is proposed with its name (the form opened with its code only).
  const { data: incident } = useQuery({
    queryKey: ['commune', c.incidentCommuneCode],
    enabled: !!c.incidentCommuneCode,
    staleTime: 60 * 60_000,
    queryFn: async () =>
      (
        await answer<CommuneHit>(
          intake.GET('/v1/communes/{code}', { params: { path: { code: c.incidentCommuneCode ?? '' } } }),
        )
      ).data,
  });
  useEffect(() => {
    const current = form.getFieldValue('commune') as CommuneValue | undefined;
    if (incident && current?.value === incident.code)
      form.setFieldValue('commune', { value: incident.code, label: communeLabel(incident) });
  }, [incident, form]);
  const onError = (error: unknown) => {
    const problem = asProblem(error);
    const names: Record<string, string> = { communeCode: 'commune', 'police.unit': 'policeUnit' };
    const fields = problemFields(problem)
      .map((p) => names[p.join('.')])
      .filter(Boolean);
    form.setFields(fields.map((name) => ({ name: name as never, errors: [problemMessage(error)] })));
  };
  return (
    <section className="panel">
      <h2>{t('detail.refer')}</h2>
      <p className="muted">{t('detail.referHint')}</p>
      <ProblemAlert error={refer.error} />
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{
          recipient: 'commune',
          urgent: c.immediateDanger,
          commune: c.incidentCommuneCode
            ? { value: c.incidentCommuneCode, label: c.incidentCommuneCode }
            : undefined,
        }}
        onKeyDownCapture={(e) => {
          if (isComposing(e)) e.stopPropagation();
        }}
        onFinish={(v) => refer.mutate(v, { onError })}
      >
        <Form.Item name="recipient" label={t('detail.recipient')}>
          <Select options={RECIPIENTS.map((r) => ({ value: r, label: t(`enums.recipient.${r}`) }))} />
        </Form.Item>
        <Form.Item
          name="commune"
          label={t('detail.referCommune')}
          rules={[{ required: true, message: t('fields.required') }]}
        >
          <CommuneSelect aria-label={t('detail.referCommune')} />
        </Form.Item>
        <Form.Item name="urgent" valuePropName="checked">
          <Checkbox>{t('detail.urgent')}</Checkbox>
        </Form.Item>
        <Form.Item
          name="policeUnit"
          label={t('detail.policeUnit')}
          rules={[{ required: recipient === 'police', whitespace: true, message: t('fields.required') }]}
        >
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="policeReference" label={t('detail.policeReference')}>
          <Input maxLength={100} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={refer.isPending}>
          {t('detail.referSubmit')}
        </Button>
      </Form>
    </section>
  );
}

export function Duplicates({ contact: c, version, onDone }: ActionProps) {
  const { t } = useTranslation();
  const { data } = useQuery({
    queryKey: ['contact', c.id, 'duplicates'],
    queryFn: async ({ signal }) =>
      (
        await answer<DuplicateMatch[]>(
          intake.GET('/v1/contacts/{id}/possible-duplicates', { params: { path: { id: c.id } }, signal }),
        )
      ).data,
  });
  const link = useContactCommand(
    c,
    async (caseId: string, key) =>
      (
        await answer<ContactView>(
          intake.POST('/v1/contacts/{id}/case-link', {
            params: { path: { id: c.id } },
            body: { caseId, reason: t('panel.linkReason') },
            headers: { 'If-Match': ifMatch(version), 'Idempotency-Key': key },
          }),
        )
      ).data,
    'call.linked',
    onDone,
  );
  if (!data?.length) return null;
  return (
    <section className="panel">
      <h2>{t('detail.duplicates')}</h2>
      <ProblemAlert error={link.error} />
      <ul className="plain-list">
        {data.map((m) => (
          <li key={m.contactId}>
            <Space orientation="vertical" size={2}>
              <Link href={`/contacts/${m.contactId}`}>{formatDateTime(m.receivedAt)}</Link>
              <span>
                <CommuneName code={m.incidentCommuneCode} /> ·{' '}
                {t('panel.score', { percent: Math.round(m.score * 100) })}
              </span>
              <span>
                {m.reasons
                  .map((r) => {
                    const k = reasonKey(r);
                    return t(k.key, { n: k.n });
                  })
                  .join(', ')}
              </span>
              {m.caseId && m.caseState === 'open' && (
                <Button size="small" loading={link.isPending} onClick={() => link.mutate(m.caseId ?? '')}>
                  {t('detail.linkSubmit')}
                </Button>
              )}
            </Space>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function CloseForm({ contact: c, version, onDone }: ActionProps) {
  const { t } = useTranslation();
  const close = useContactCommand(
    c,
    async (v: { outcome: Outcome; note?: string }, key) =>
      (
        await answer<ContactView>(
          intake.POST('/v1/contacts/{id}/closure', {
            params: { path: { id: c.id } },
            body: { outcome: v.outcome, note: v.note?.trim() || undefined },
            headers: { 'If-Match': ifMatch(version), 'Idempotency-Key': key },
          }),
        )
      ).data,
    'detail.closed',
    onDone,
  );
  // A report is closed only when it needs no action (the intake refuses the other outcomes for a report).
  const outcomes =
    c.purpose === 'report'
      ? closeContactDtoOutcomeValues.filter((o) =>
          ['no_action_needed', 'not_child_protection', 'call_dropped', 'other'].includes(o),
        )
      : closeContactDtoOutcomeValues;
  return (
    <section className="panel">
      <h2>{t('detail.close')}</h2>
      <p className="muted">{t('detail.closeHint')}</p>
      <ProblemAlert error={close.error} />
      <Form
        layout="vertical"
        requiredMark={false}
        onFinish={(v: { outcome: Outcome; note?: string }) => close.mutate(v)}
        onKeyDownCapture={(e) => {
          if (isComposing(e)) e.stopPropagation();
        }}
      >
        <Form.Item
          name="outcome"
          label={t('detail.outcome')}
          rules={[{ required: true, message: t('fields.required') }]}
        >
          <Select
            options={outcomes.map((o) => ({ value: o, label: t(`enums.outcome.${o}`) }))}
            placeholder={t('fields.select')}
          />
        </Form.Item>
        <Form.Item name="note" label={t('detail.closeNote')}>
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
        </Form.Item>
        <Button htmlType="submit" loading={close.isPending}>
          {t('detail.closeSubmit')}
        </Button>
      </Form>
    </section>
  );
}
