import { reasonKey } from './duplicate-reasons';

describe('why a report may be a duplicate', () => {
  it('is each of the intake’s reasons as a catalog phrase', () => {
    expect(reasonKey('same name')).toEqual({ key: 'panel.reasons.same_name' });
    expect(reasonKey('name differs by 2 letters')).toEqual({ key: 'panel.reasons.name_differs', n: 2 });
    expect(reasonKey('ages 1 year apart')).toEqual({ key: 'panel.reasons.ages_apart', n: 1 });
    expect(reasonKey('lives in the same commune')).toEqual({ key: 'panel.reasons.same_residence' });
  });
  it('is a generic phrase for a reason the console does not know, never the English text', () => {
    expect(reasonKey('same shoe size')).toEqual({ key: 'panel.reasons.other' });
  });
});
