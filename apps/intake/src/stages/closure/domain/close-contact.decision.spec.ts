import { specFor } from '@cp/testing';
import type { ContactEvent } from '../../../domain/contact.events';
import { contactDecider } from '../../../domain/contact.decider';
import { meta, report, counselling, referred, clocks } from '../../../domain/contact.test-fixtures';

// Through the decider, as the write path runs it: the decision of this stage and the state it folds.
const given = specFor(contactDecider);

describe('closing a contact at the hotline (prevention level)', () => {
  it('closes a counselling contact with its outcome', () => {
    given([counselling])
      .when({
        type: 'CloseContact',
        outcome: 'counselled',
        note: 'Advice on positive discipline',
        metadata: meta,
      })
      .then([
        {
          type: 'ContactClosed',
          data: { outcome: 'counselled', closedAt: meta.now, note: 'Advice on positive discipline' },
        },
      ]);
  });

  it('does not close a report as counselled: a report goes to the commune', () => {
    given([report])
      .when({ type: 'CloseContact', outcome: 'counselled', metadata: meta })
      .thenThrows('CONTACT.REPORT_NEEDS_REFERRAL', 'outcome');
    given([report])
      .when({ type: 'CloseContact', outcome: 'not_child_protection', metadata: meta })
      .thenMatches(([e]) => expect(e.type).toBe('ContactClosed'));
  });

  it('does not close a referred report, nor refer a closed contact', () => {
    given([report, referred])
      .when({ type: 'CloseContact', outcome: 'no_action_needed', metadata: meta })
      .thenThrows('CONTACT.ALREADY_REFERRED');
    const closed: ContactEvent = {
      type: 'ContactClosed',
      data: { outcome: 'no_action_needed', closedAt: meta.now },
    };
    given([report, closed])
      .when({
        type: 'ReferReport',
        referralId: 'r',
        communeCode: '00004',
        provinceCode: '01',
        clocks,
        metadata: meta,
      })
      .thenThrows('CONTACT.CLOSED');
  });
});
