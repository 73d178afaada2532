import vi from '../i18n/vi.json';
import { asProblem, fieldPath, problemFields, problemKey, toFormField, ProblemError } from './problems';

function has(key: string): boolean {
  let node: unknown = vi;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !(part in node)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string';
}

describe('a problem from a service', () => {
  it('is shown with the Vietnamese sentence of its code', () => {
    expect(problemKey({ status: 422, code: 'CONTACT.CHILD_REQUIRED' }, has)).toBe(
      'problems.CONTACT.CHILD_REQUIRED',
    );
    expect(vi.problems.CONTACT.CHILD_REQUIRED).toMatch(/trẻ/);
  });
  it('with a code the console does not know, gets the sentence of its status, never the raw code', () => {
    expect(problemKey({ status: 409, code: 'SOMETHING.NEW' }, has)).toBe(
      'problems.CONCURRENCY.VERSION_CONFLICT',
    );
    expect(problemKey({ status: 403, code: 'X.Y' }, has)).toBe('problems.AUTH.FORBIDDEN');
    expect(problemKey({ status: 500, code: 'X.Y' }, has)).toBe('problems.UNKNOWN');
  });
  it('that is no problem at all (network down, proxy page) becomes one the console knows', () => {
    expect(asProblem(new TypeError('Failed to fetch')).code).toBe('NETWORK.OFFLINE');
    expect(asProblem('<html>', 502).code).toBe('SERVICE.UNAVAILABLE');
    expect(asProblem(new ProblemError({ status: 404, code: 'CONTACT.NOT_FOUND' })).code).toBe(
      'CONTACT.NOT_FOUND',
    );
    for (const code of ['NETWORK.OFFLINE', 'SERVICE.UNAVAILABLE', 'REQUEST.FAILED', 'UNKNOWN']) {
      expect(has(`problems.${code}`)).toBe(true);
    }
  });
});

describe('the fields a problem names', () => {
  it('are form paths, with the indexes of repeated groups', () => {
    expect(fieldPath('children[0].sex')).toEqual(['children', 0, 'sex']);
    expect(fieldPath('reporter.phone')).toEqual(['reporter', 'phone']);
    expect(fieldPath('concerns')).toEqual(['concerns']);
    expect(fieldPath('a[1][2].b')).toEqual(['a', 1, 2, 'b']);
  });
  it('come from errors[].field and from a domain error’s field, each once', () => {
    expect(
      problemFields({
        status: 422,
        code: 'REQUEST.VALIDATION_FAILED',
        field: 'concerns',
        errors: [{ field: 'children[1].name' }, { field: 'concerns' }],
      }),
    ).toEqual([['children', 1, 'name'], ['concerns']]);
  });
  it('are renamed to the form’s field where the two differ, keeping the indexes', () => {
    const map = new Map([
      ['incidentCommuneCode', ['incidentCommune']],
      ['children.residenceCommuneCode', ['children', '#', 'residenceCommune']],
      ['children.name', ['children', '#', 'name']],
    ]);
    expect(toFormField(['incidentCommuneCode'], map)).toEqual(['incidentCommune']);
    expect(toFormField(['children', 2, 'residenceCommuneCode'], map)).toEqual([
      'children',
      2,
      'residenceCommune',
    ]);
    expect(toFormField(['nowhere'], map)).toBeUndefined();
  });
});
