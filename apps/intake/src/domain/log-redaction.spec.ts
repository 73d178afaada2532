import { REDACTED_KEYS } from '@cp/observability';
import { contactPersonalFields } from './contact.personal-data';

describe('the logger redacts every personal field of a contact', () => {
  it('lists the key of every sealed field', () => {
    const data = { children: [{ childRef: 'r-1' }, { childRef: 'r-2' }] };
    const keys = ['ContactRecorded', 'ContactClosed', 'ReportLinkedToCase'].flatMap((type) =>
      contactPersonalFields('c-1', type, data).map((f) => f.path[f.path.length - 1]),
    );
    expect(keys).toEqual(expect.arrayContaining(['name', 'birthDate', 'phone', 'address', 'notes', 'note']));
    expect(keys.filter((k) => !REDACTED_KEYS.has(k))).toEqual([]);
  });

  it('redacts the parents, carers and alleged abusers of Mẫu 01 wherever they are logged', () => {
    const data = {
      children: [{ childRef: 'r-1', carers: [{ relation: 'mother', personal: {} }] }],
      personal: { allegedAbusers: [{ relation: 'father' }] },
    };
    const paths = contactPersonalFields('c-1', 'ContactRecorded', data).map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        ['children', '0', 'personal', 'familySituation'],
        ['children', '0', 'carers', '0', 'personal', 'name'],
        ['personal', 'allegedAbusers', '0', 'relation'],
      ]),
    );
    // Each sealed field sits under a key the logger redacts (the field itself or one that holds it).
    expect(paths.filter((p) => !p.some((k) => REDACTED_KEYS.has(k)))).toEqual([]);
    expect(['carers', 'allegedAbusers', 'occupation'].filter((k) => !REDACTED_KEYS.has(k))).toEqual([]);
  });
});
