import { useEffect } from 'react';
import { Button, Checkbox, Form } from 'antd';
import Input from 'antd/es/input/Input';
import TextArea from 'antd/es/input/TextArea';
import { useTranslation } from 'react-i18next';
import { allegedAbuserDtoRelationValues, carerDtoRelationValues } from '../../../api/generated/intake';
import { CommuneField } from '../../../components/commune-field';
import { NativeSelect } from '../../../components/native-select';
import { parseTypedDate } from '../../../lib/dates';
import { wholeNumber } from './whole-number';

type Options = Array<{ value: string; label: string }>;

const PHONE = /^[0-9+ ()-]{3,20}$/;

export function ChildrenFields(props: {
  registerAdd: (add: () => void) => void;
  sexOptions: Options;
  specialOptions: Options;
}) {
  const { t } = useTranslation();
  // Relations of a parent or carer, and of an alleged abuser, as the intake accepts them.
  const relations = carerDtoRelationValues.map((r) => ({ value: r, label: t(`enums.relation.${r}`) }));
  return (
    <Form.List name="children">
      {(fields, { add, remove }) => (
        <>
          <RegisterAdd add={() => add({ sex: 'unknown' })} register={props.registerAdd} />
          {fields.map((field, i) => (
            <fieldset key={field.key} className="group">
              <legend>{t('fields.childN', { n: i + 1 })}</legend>
              <div className="row">
                <Form.Item name={[field.name, 'name']} label={t('fields.childName')}>
                  <Input autoComplete="off" maxLength={200} />
                </Form.Item>
                <Form.Item name={[field.name, 'sex']} label={t('fields.sex')}>
                  <NativeSelect options={props.sexOptions} />
                </Form.Item>
              </div>
              <div className="row">
                <Form.Item
                  name={[field.name, 'birthDate']}
                  label={t('fields.birthDate')}
                  rules={[
                    {
                      validator: (_r, v: string | undefined) =>
                        parseTypedDate(v) === null
                          ? Promise.reject(new Error(t('fields.invalidDate')))
                          : Promise.resolve(),
                    },
                  ]}
                >
                  <Input inputMode="numeric" autoComplete="off" placeholder="dd/mm/yyyy" maxLength={10} />
                </Form.Item>
                <AgeItem name={[field.name, 'ageYears']} label={t('fields.ageYears')} max={17} />
                <Form.Item name={[field.name, 'ethnicity']} label={t('fields.ethnicity')}>
                  <Input maxLength={60} />
                </Form.Item>
              </div>
              <Form.Item name={[field.name, 'residenceCommune']} label={t('fields.residenceCommune')}>
                <CommuneField aria-label={t('fields.residenceCommune')} />
              </Form.Item>
              <Form.Item name={[field.name, 'specialCircumstances']} label={t('fields.specialCircumstances')}>
                <Checkbox.Group className="checks" options={props.specialOptions} />
              </Form.Item>
              <Form.Item name={[field.name, 'familySituation']} label={t('fields.familySituation')}>
                <TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
              </Form.Item>
              <Form.List name={[field.name, 'carers']}>
                {(carers, ops) => (
                  <div role="group" aria-label={t('fields.carers')}>
                    {carers.map((c, j) => (
                      <fieldset key={c.key} className="group">
                        <legend>
                          {t('fields.carers')} — {t('fields.carerN', { n: j + 1 })}
                        </legend>
                        <div className="row">
                          <Form.Item name={[c.name, 'relation']} label={t('fields.carerRelation')}>
                            <NativeSelect options={relations} placeholder={t('fields.select')} />
                          </Form.Item>
                          <Form.Item name={[c.name, 'name']} label={t('fields.carerName')}>
                            <Input autoComplete="off" maxLength={200} />
                          </Form.Item>
                        </div>
                        <div className="row">
                          <AgeItem name={[c.name, 'ageYears']} label={t('fields.carerAge')} max={120} />
                          <Form.Item name={[c.name, 'occupation']} label={t('fields.carerOccupation')}>
                            <Input maxLength={200} />
                          </Form.Item>
                          <Form.Item
                            name={[c.name, 'phone']}
                            label={t('fields.carerPhone')}
                            rules={[{ pattern: PHONE, message: t('fields.invalidPhone') }]}
                          >
                            <Input inputMode="tel" maxLength={20} />
                          </Form.Item>
                        </div>
                        <Form.Item name={[c.name, 'currentCarer']} valuePropName="checked">
                          <Checkbox>{t('fields.currentCarer')}</Checkbox>
                        </Form.Item>
                        <Button size="small" onClick={() => ops.remove(c.name)}>
                          {t('fields.removeCarer', { n: j + 1 })}
                        </Button>
                      </fieldset>
                    ))}
                    <Button onClick={() => ops.add({})}>{t('fields.addCarer')}</Button>
                  </div>
                )}
              </Form.List>
              {fields.length > 1 && (
                <Button danger style={{ marginTop: 8 }} onClick={() => remove(field.name)}>
                  {t('fields.removeChild', { n: i + 1 })}
                </Button>
              )}
            </fieldset>
          ))}
          <Button onClick={() => add({ sex: 'unknown' })}>{t('fields.addChild')}</Button>
        </>
      )}
    </Form.List>
  );
}

function RegisterAdd({ add, register }: { add: () => void; register: (add: () => void) => void }) {
  useEffect(() => {
    register(add);
  }, [add, register]);
  return null;
}

export function AbuserFields({ sexOptions }: { sexOptions: Options }) {
  const { t } = useTranslation();
  const relations = allegedAbuserDtoRelationValues.map((r) => ({
    value: r,
    label: t(`enums.relation.${r}`),
  }));
  return (
    <Form.List name="allegedAbusers">
      {(fields, { add, remove }) => (
        <>
          {fields.map((f, i) => (
            <fieldset key={f.key} className="group">
              <legend>{t('fields.abuserN', { n: i + 1 })}</legend>
              <div className="row">
                <Form.Item name={[f.name, 'relation']} label={t('fields.abuserRelation')}>
                  <NativeSelect options={relations} placeholder={t('fields.select')} />
                </Form.Item>
                <Form.Item name={[f.name, 'name']} label={t('fields.abuserName')}>
                  <Input autoComplete="off" maxLength={200} />
                </Form.Item>
              </div>
              <div className="row">
                <Form.Item name={[f.name, 'sex']} label={t('fields.abuserSex')}>
                  <NativeSelect allowClear options={sexOptions} placeholder={t('fields.select')} />
                </Form.Item>
                <AgeItem name={[f.name, 'ageYears']} label={t('fields.abuserAge')} max={120} />
              </div>
              <Form.Item name={[f.name, 'description']} label={t('fields.abuserDescription')}>
                <TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
              </Form.Item>
              <Button onClick={() => remove(f.name)}>{t('fields.removeAbuser', { n: i + 1 })}</Button>
            </fieldset>
          ))}
          <Button onClick={() => add({})}>{t('fields.addAbuser')}</Button>
        </>
      )}
    </Form.List>
  );
}

/** An age in whole years, typed as digits, from 0 to `max`. */
function AgeItem(props: { name: Array<string | number>; label: string; max: number }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={props.name}
      label={props.label}
      normalize={wholeNumber}
      rules={[{ type: 'number', min: 0, max: props.max, message: t('fields.invalidAge') }]}
    >
      <Input inputMode="numeric" autoComplete="off" maxLength={3} />
    </Form.Item>
  );
}
