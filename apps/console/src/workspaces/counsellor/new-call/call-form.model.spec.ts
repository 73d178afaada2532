import {
  FORM_FIELDS,
  duplicateQuery,
  newCall,
  toRecordContact,
  type CallFormValues,
} from './call-form.model';
import { toFormField } from '../../../api/problems';

const base = (): CallFormValues => ({
  ...newCall(new Date('2026-12-07T02:00:00Z')),
  concerns: ['violence'],
  children: [
    {
      name: '  Nguyễn Văn An ',
      sex: 'male',
      ageYears: 9,
      birthDate: '2/3/2017',
      residenceCommune: { value: '00004', label: 'x' },
    },
  ],
  incidentCommune: { value: '00004', label: 'Phường Ba Đình, Hà Nội' },
});

describe('the Mẫu 01 the counsellor typed', () => {
  it('is sent as the intake’s RecordContactDto, blanks left out', () => {
    const body = toRecordContact({ ...base(), notes: '  ', incidentPlace: 'trường học' });
    expect(body).toEqual({
      channel: 'phone_111',
      receivedAt: '2026-12-07T02:00:00.000Z',
      purpose: 'report',
      concerns: ['violence'],
      incidentCommuneCode: '00004',
      immediateDanger: false,
      children: [
        {
          sex: 'male',
          name: 'Nguyễn Văn An',
          birthDate: '2017-03-02',
          ageYears: 9,
          residenceCommuneCode: '00004',
        },
      ],
      reporter: { anonymous: true, consentToContact: false },
      incidentPlace: 'trường học',
    });
  });
  it('never carries an anonymous reporter’s identity, even if it was typed before the toggle', () => {
    const v = base();
    v.reporter = { anonymous: true, consentToContact: true, name: 'Trần B', phone: '0912345678' };
    expect(toRecordContact(v).reporter).toEqual({ anonymous: true, consentToContact: false });
  });
  it('carries a named reporter who agreed', () => {
    const v = base();
    v.reporter = { anonymous: false, consentToContact: true, name: 'Trần Thị B', phone: '0912 345 678' };
    expect(toRecordContact(v).reporter).toEqual({
      anonymous: false,
      consentToContact: true,
      name: 'Trần Thị B',
      phone: '0912 345 678',
    });
  });
  it('keeps sexual-abuse sub-types only with the sexual-abuse concern', () => {
    const v = { ...base(), sexualAbuseSubtypes: ['molestation'] };
    expect(toRecordContact(v).sexualAbuseSubtypes).toBeUndefined();
    expect(toRecordContact({ ...v, concerns: ['sexual_abuse'] }).sexualAbuseSubtypes).toEqual([
      'molestation',
    ]);
  });
  it('sends carers and alleged abusers only when typed', () => {
    const v = base();
    v.children[0].carers = [{ relation: 'mother', name: 'Lê Thị C' }, {}];
    v.allegedAbusers = [{}];
    const body = toRecordContact(v);
    expect(body.children[0]).toMatchObject({ carers: [{ relation: 'mother', name: 'Lê Thị C' }] });
    expect(body.allegedAbusers).toBeUndefined();
  });
});

describe('a refusal naming a service field', () => {
  it('lands on the form’s field', () => {
    expect(toFormField(['children', 1, 'residenceCommuneCode'], FORM_FIELDS)).toEqual([
      'children',
      1,
      'residenceCommune',
    ]);
    expect(toFormField(['incidentCommuneCode'], FORM_FIELDS)).toEqual(['incidentCommune']);
  });
});

describe('the duplicates search', () => {
  it('compares only children with a name or an age, and the phone of a named reporter', () => {
    const v = base();
    v.children.push({ sex: 'female' });
    v.reporter = { anonymous: false, consentToContact: false, phone: '0912345678' };
    expect(duplicateQuery(v)).toEqual({
      children: [
        { name: 'Nguyễn Văn An', birthDate: '2017-03-02', ageYears: 9, residenceCommuneCode: '00004' },
      ],
      incidentCommuneCode: '00004',
      reporterPhone: '0912345678',
      receivedAt: '2026-12-07T02:00:00.000Z',
    });
  });
});
