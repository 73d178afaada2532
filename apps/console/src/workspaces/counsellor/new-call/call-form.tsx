import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Checkbox, Form } from 'antd';
import Input from 'antd/es/input/Input';
import TextArea from 'antd/es/input/TextArea';
import { useMutation } from '@tanstack/react-query';
import { useLocation } from 'wouter';
import { useTranslation } from 'react-i18next';
import { answer, intake, newIdempotencyKey } from '../../../api/client';
import {
  recordContactDtoCallerTypeValues,
  recordContactDtoCategoryValues,
  recordContactDtoChannelValues,
  recordContactDtoConcernsValues,
  recordContactDtoPurposeValues,
  recordContactDtoSettingValues,
  recordContactDtoSexualAbuseSubtypesValues,
  childDtoSexValues,
  childDtoSpecialCircumstancesValues,
} from '../../../api/generated/intake';
import { asProblem, problemFields, toFormField } from '../../../api/problems';
import type { ContactView } from '../../../api/views';
import { CommuneField } from '../../../components/commune-field';
import { NativeSelect } from '../../../components/native-select';
import { ProblemAlert, useProblemMessage } from '../../../components/problem-alert';
import { DraftVault } from '../../../drafts/draft-vault';
import { dayjs, formatDateTime, formatElapsed } from '../../../lib/dates';
import { isComposing } from '../../../lib/ime';
import { FORM_FIELDS, duplicateQuery, toRecordContact, type CallFormValues } from './call-form.model';
import { SidePanel } from './side-panel';
import { ChildrenFields, AbuserFields } from './people-fields';

// The report form of a call (Mẫu 01 of Decree 56/2017), its draft saved encrypted as the counsellor types
// and the side panel of earlier contacts and possible duplicates.

const SAVE_DEBOUNCE_MS = 400;
const PANEL_DEBOUNCE_MS = 600;

/** The call timer: the time since the contact was received, updated every second. */
function CallTimer({ since }: { since: string }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  return (
    <span role="timer" aria-label={t('call.timer')} className="timer">
      {formatElapsed(now - new Date(since).getTime())}
    </span>
  );
}

export function CallForm({
  draftId,
  initial,
  vault,
  receiver,
}: {
  draftId: string;
  initial: CallFormValues;
  vault: DraftVault;
  /** A commune or a provincial officer recording a report, not the hotline. */
  receiver: boolean;
}) {
  const { t } = useTranslation();
  const problemMessage = useProblemMessage();
  const [, navigate] = useLocation();
  const [form] = Form.useForm<CallFormValues>();
  const [savedAt, setSavedAt] = useState<number>();
  const [saveFailed, setSaveFailed] = useState(false);
  const [panelQuery, setPanelQuery] = useState(() => duplicateQuery(initial));
  const saveTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const panelTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const anonymous = Form.useWatch(['reporter', 'anonymous'], form);
  const concerns = Form.useWatch('concerns', form);
  const linkCaseId = Form.useWatch('linkCaseId', form);

  // Every change is kept in the encrypted draft shortly after typing pauses.
  const onValuesChange = useCallback(() => {
    clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => {
      const values = { ...initial, ...form.getFieldsValue(true) } as CallFormValues;
      vault.save(draftId, values).then(
        (s) => {
          setSavedAt(s.savedAt);
          setSaveFailed(false);
        },
        () => setSaveFailed(true),
      );
    }, SAVE_DEBOUNCE_MS);
    clearTimeout(panelTimer.current);
    panelTimer.current = setTimeout(() => {
      setPanelQuery(duplicateQuery({ ...initial, ...form.getFieldsValue(true) } as CallFormValues));
    }, PANEL_DEBOUNCE_MS);
  }, [draftId, form, initial, vault]);
  useEffect(() => () => clearTimeout(saveTimer.current), []);

  // One key for this call: a retry after a lost answer or a double click records it once.
  const idempotencyKey = useRef(newIdempotencyKey());
  const record = useMutation({
    mutationFn: async (values: CallFormValues) => {
      const body = toRecordContact(values);
      const recorded = await answer<ContactView>(
        intake.POST('/v1/contacts', {
          body: body as never,
          headers: { 'Idempotency-Key': idempotencyKey.current },
        }),
      );
      let view = recorded.data;
      if (values.linkCaseId) {
        const linked = await answer<ContactView>(
          intake.POST('/v1/contacts/{id}/case-link', {
            params: { path: { id: view.id } },
            body: { caseId: values.linkCaseId, reason: t('panel.linkReason') },
            headers: {
              'If-Match': `"${recorded.version ?? view.version}"`,
              'Idempotency-Key': `${idempotencyKey.current}:link`,
            },
          }),
        );
        view = linked.data;
      }
      return view;
    },
    onSuccess: async (view, values) => {
      clearTimeout(saveTimer.current);
      await vault.remove(draftId).catch(() => undefined);
      navigate(`/contacts/${view.id}`, {
        state: { notice: values.linkCaseId ? 'call.linked' : 'call.recorded' },
      });
    },
    onError: (error) => {
      const problem = asProblem(error);
      const fields = problemFields(problem)
        .map((p) => toFormField(p, FORM_FIELDS))
        .filter((p): p is NonNullable<typeof p> => !!p);
      if (fields.length) {
        form.setFields(fields.map((name) => ({ name: name as never, errors: [problemMessage(error)] })));
        form.scrollToField(fields[0], { focus: true });
      }
    },
  });

  const submit = () => {
    if (record.isPending) return;
    form.validateFields().then(
      () => record.mutate({ ...initial, ...form.getFieldsValue(true) } as CallFormValues),
      (err: { errorFields?: Array<{ name: Array<string | number> }> }) => {
        const first = err.errorFields?.[0];
        if (first) form.scrollToField(first.name, { focus: true });
      },
    );
  };

  const addChild = useRef<() => void>(() => undefined);
  // Keyboard first; a key that belongs to an input method's composition never acts here.
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (isComposing(e)) {
      e.stopPropagation();
      return;
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    } else if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') {
      // Enter in a one-line field never sends the form (a caller is still talking).
      e.preventDefault();
    } else if (e.altKey && e.shiftKey && e.code === 'KeyC') {
      e.preventDefault();
      addChild.current();
    }
  };

  const options = (values: readonly string[], prefix: string) =>
    values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));

  return (
    <div onKeyDownCapture={onKeyDown}>
      <div className="call-head">
        <div>
          <h1 id="call-title">{t(receiver ? 'call.titleReport' : 'call.title')}</h1>
          {receiver && <p className="muted">{t('call.receiverHint')}</p>}
          <span className="muted">{t('call.startedAt', { time: formatDateTime(initial.receivedAt) })}</span>
        </div>
        <div style={{ textAlign: 'end' }}>
          <div>
            <span className="muted">{t('call.timer')}: </span>
            <CallTimer since={initial.receivedAt} />
          </div>
          <div className={saveFailed ? 'danger' : 'muted'} role="status" aria-live="polite">
            {saveFailed
              ? t('call.draftNotSaved')
              : savedAt
                ? t('call.draftSaved', { time: dayjs(savedAt).tz().format('HH:mm:ss') })
                : ''}
          </div>
        </div>
      </div>
      <ProblemAlert error={record.error} />
      <div className="call-grid">
        <div>
          <Form<CallFormValues>
            form={form}
            layout="vertical"
            requiredMark={false}
            initialValues={initial}
            onValuesChange={onValuesChange}
            onFinish={submit}
            scrollToFirstError
          >
            <Form.Item name="linkCaseId" hidden>
              <Input />
            </Form.Item>
            <section className="panel" aria-labelledby="sec-contact">
              <h2 id="sec-contact">{t('call.sections.contact')}</h2>
              <div className="row">
                <Form.Item
                  name="purpose"
                  label={t('fields.purpose')}
                  rules={[{ required: true, message: t('fields.required') }]}
                >
                  <NativeSelect
                    options={options(receiver ? ['report'] : recordContactDtoPurposeValues, 'enums.purpose')}
                  />
                </Form.Item>

                <Form.Item
                  name="channel"
                  label={t('fields.channel')}
                  rules={[{ required: true, message: t('fields.required') }]}
                >
                  <NativeSelect options={options(recordContactDtoChannelValues, 'enums.channel')} />
                </Form.Item>
              </div>
            </section>
            <section className="panel" aria-labelledby="sec-reporter">
              <h2 id="sec-reporter">{t('call.sections.reporter')}</h2>
              <div className="row">
                <Form.Item name={['reporter', 'anonymous']} valuePropName="checked">
                  <Checkbox>{t('fields.anonymous')}</Checkbox>
                </Form.Item>

                <OptionalChoice
                  name="callerType"
                  label={t('fields.callerType')}
                  options={options(recordContactDtoCallerTypeValues, 'enums.callerType')}
                />
              </div>
              {anonymous === false && (
                <div className="row">
                  <Form.Item name={['reporter', 'name']} label={t('fields.reporterName')}>
                    <Input autoComplete="off" maxLength={200} />
                  </Form.Item>

                  <Form.Item
                    name={['reporter', 'phone']}
                    label={t('fields.reporterPhone')}
                    rules={[{ pattern: /^[0-9+ ()-]{3,20}$/, message: t('fields.invalidPhone') }]}
                  >
                    <Input inputMode="tel" autoComplete="off" maxLength={20} />
                  </Form.Item>

                  <Form.Item name={['reporter', 'address']} label={t('fields.reporterAddress')}>
                    <Input autoComplete="off" maxLength={500} />
                  </Form.Item>

                  <Form.Item name={['reporter', 'consentToContact']} valuePropName="checked">
                    <Checkbox>{t('fields.consentToContact')}</Checkbox>
                  </Form.Item>
                </div>
              )}
            </section>
            <section className="panel" aria-labelledby="sec-children">
              <h2 id="sec-children">{t('call.sections.children')}</h2>
              <ChildrenFields
                registerAdd={(add) => (addChild.current = add)}
                sexOptions={options(childDtoSexValues, 'enums.sex')}
                specialOptions={options(childDtoSpecialCircumstancesValues, 'enums.special')}
              />
            </section>
            <section className="panel" aria-labelledby="sec-concerns">
              <h2 id="sec-concerns">{t('call.sections.concerns')}</h2>
              <Form.Item
                name="concerns"
                label={t('fields.concerns')}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: (_r, v: string[] | undefined) =>
                      getFieldValue('purpose') !== 'report' || (v?.length ?? 0) > 0
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('fields.concernRequired'))),
                  }),
                ]}
              >
                <Checkbox.Group
                  className="checks"
                  options={options(recordContactDtoConcernsValues, 'enums.concern')}
                />
              </Form.Item>
              {concerns?.includes('sexual_abuse') && (
                <Form.Item name="sexualAbuseSubtypes" label={t('fields.sexualAbuseSubtypes')}>
                  <Checkbox.Group
                    options={options(recordContactDtoSexualAbuseSubtypesValues, 'enums.subtype')}
                  />
                </Form.Item>
              )}
              <div className="row">
                <OptionalChoice
                  name="category"
                  label={t('fields.category')}
                  options={options(recordContactDtoCategoryValues, 'enums.category')}
                />

                <OptionalChoice
                  name="setting"
                  label={t('fields.setting')}
                  options={options(recordContactDtoSettingValues, 'enums.setting')}
                />
              </div>
            </section>
            <section className="panel" aria-labelledby="sec-incident">
              <h2 id="sec-incident">{t('call.sections.incident')}</h2>
              <Form.Item name="incidentCommune" label={t('fields.incidentCommune')}>
                <CommuneField aria-label={t('fields.incidentCommune')} />
              </Form.Item>
              <Form.Item name="immediateDanger" valuePropName="checked">
                <Checkbox>{t('fields.immediateDanger')}</Checkbox>
              </Form.Item>
              <Form.Item name="incidentPlace" label={t('fields.incidentPlace')}>
                <Input maxLength={1000} />
              </Form.Item>
              <Form.Item name="currentCondition" label={t('fields.currentCondition')}>
                <TextArea autoSize={{ minRows: 2 }} maxLength={5000} />
              </Form.Item>
              <Form.Item name="actionsTaken" label={t('fields.actionsTaken')}>
                <TextArea autoSize={{ minRows: 2 }} maxLength={5000} />
              </Form.Item>
            </section>
            <section className="panel" aria-labelledby="sec-abusers">
              <h2 id="sec-abusers">{t('call.sections.abusers')}</h2>
              <AbuserFields sexOptions={options(childDtoSexValues, 'enums.sex')} />
            </section>
            <section className="panel" aria-labelledby="sec-notes">
              <h2 id="sec-notes">{t('call.sections.notes')}</h2>
              <Form.Item name="notes" label={t('fields.notes')}>
                <TextArea autoSize={{ minRows: 3 }} maxLength={5000} />
              </Form.Item>
            </section>
            <div className="tags" style={{ alignItems: 'center', gap: 12 }}>
              <Button type="primary" size="large" htmlType="submit" loading={record.isPending}>
                {t('call.submit')}
              </Button>
              <span className="muted">{t('call.shortcuts')}</span>
            </div>
          </Form>
        </div>
        <SidePanel
          query={panelQuery}
          linkCaseId={linkCaseId}
          onLink={(caseId) => {
            form.setFieldValue('linkCaseId', caseId);
            onValuesChange();
          }}
        />
      </div>
    </div>
  );
}

/** A choice the counsellor may leave empty: a native select whose first option is "choose". */
function OptionalChoice(props: {
  name: string;
  label: string;
  options: Array<{ value: string; label: string }>;
}) {
  const { t } = useTranslation();
  return (
    <Form.Item name={props.name} label={props.label}>
      <NativeSelect allowClear placeholder={t('fields.select')} options={props.options} />
    </Form.Item>
  );
}
