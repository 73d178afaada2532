import { ABUSE_FORMS, CONCERNS } from '@cp/contracts';
import { LABELS } from './report-labels';

describe('the labels of the statistics reports', () => {
  it('name every concern in Vietnamese (issue) and every form of abuse (form)', () => {
    expect(CONCERNS.filter((c) => !LABELS.issue[c])).toEqual([]);
    expect(ABUSE_FORMS.filter((f) => !LABELS.form[f])).toEqual([]);
    expect(LABELS.issue).toMatchObject({
      injury_accident: 'Tai nạn, thương tích',
      drowning: 'Đuối nước',
      child_marriage: 'Tảo hôn',
    });
  });
});
