import { REDACTED_KEYS } from '@cp/observability';
import { contactPersonalFields } from './domain/contact.personal-data';

describe('the logger redacts every personal field of a contact', () => {
  it('lists the key of every sealed field', () => {
    const data = { children: [{ childRef: 'r-1' }, { childRef: 'r-2' }] };
    const keys = ['ContactRecorded', 'ContactClosed', 'ReportLinkedToCase'].flatMap((type) =>
      contactPersonalFields('c-1', type, data).map((f) => f.path[f.path.length - 1]),
    );
    expect(keys).toEqual(expect.arrayContaining(['name', 'birthDate', 'phone', 'address', 'notes', 'note']));
    expect(keys.filter((k) => !REDACTED_KEYS.has(k))).toEqual([]);
  });
});
