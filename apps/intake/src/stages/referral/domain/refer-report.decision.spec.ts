import { specFor } from '@cp/testing';
import type { ContactEvent } from '../../../domain/contact.events';
import { contactDecider } from '../../../domain/contact.decider';
import { meta, report, counselling, referred, clocks } from '../../../domain/contact.test-fixtures';

// Through the decider, as the write path runs it: the decision of this stage and the state it folds.
const given = specFor(contactDecider);

describe('referring a report to a commune', () => {
  const refer = {
    type: 'ReferReport' as const,
    referralId: 'r-1',
    communeCode: '00004',
    provinceCode: '01',
    clocks,
    metadata: meta,
  };

  it('refers it, urgent when the child is in immediate danger', () => {
    given([report]).when(refer).then([referred]);
  });

  it('keeps an explicit urgency from the counsellor, with the normal 2 hours to take it up', () => {
    given([report])
      .when({ ...refer, urgent: false })
      .thenMatches((events) =>
        expect(events[0]).toMatchObject({
          type: 'ReportReferred',
          data: { urgent: false, acknowledgeBy: '2026-11-23T10:00:00.000Z' },
        }),
      );
  });

  it('records the residence commune and a parallel notification to the police', () => {
    given([report])
      .when({
        ...refer,
        residenceCommuneCode: '00008',
        police: { unit: 'Công an phường Ba Đình', reference: null },
      })
      .thenMatches(([e]) =>
        expect(e.data).toMatchObject({
          residenceCommuneCode: '00008',
          police: { unit: 'Công an phường Ba Đình', reference: null, notifiedAt: meta.now },
        }),
      );
  });

  it('never refers a counselling contact: it is prevention-level work with no case', () => {
    given([counselling]).when(refer).thenThrows('CONTACT.NOT_A_REPORT', 'counselling');
  });

  it('does not refer the same report twice', () => {
    given([report, referred]).when(refer).thenThrows('CONTACT.ALREADY_REFERRED', '00004');
  });

  it('needs the contact to exist', () => {
    given([]).when(refer).thenThrows('CONTACT.NOT_FOUND');
  });

  it('refers it to the provincial health department, the case still at the commune of the incident', () => {
    given([report])
      .when({ ...refer, recipient: 'health_department' })
      .thenMatches(([e]) =>
        expect(e.data).toMatchObject({ recipient: 'health_department', communeCode: '00004' }),
      );
  });

  it('refers it to the police only with the unit notified, naming the field', () => {
    given([report])
      .when({ ...refer, recipient: 'police' })
      .thenThrows('CONTACT.FIELD_REQUIRED', 'police.unit');
    given([report])
      .when({ ...refer, recipient: 'police', police: { unit: 'Công an xã', reference: 'CA-1' } })
      .thenMatches(([e]) =>
        expect(e.data).toMatchObject({ recipient: 'police', police: { unit: 'Công an xã' } }),
      );
  });
});
describe('a repeat report about a child whose case is open', () => {
  it('is added to that case instead of opening a second one', () => {
    given([report])
      .when({ type: 'LinkReportToCase', caseId: 'case-9', reason: 'Same child, same family', metadata: meta })
      .then([
        {
          type: 'ReportLinkedToCase',
          data: { caseId: 'case-9', linkedAt: meta.now, reason: 'Same child, same family' },
        },
      ]);
  });

  it('needs a reason, and cannot then be referred as well', () => {
    given([report])
      .when({ type: 'LinkReportToCase', caseId: 'case-9', reason: ' ', metadata: meta })
      .thenThrows('CONTACT.FIELD_REQUIRED', 'reason');
    const linked: ContactEvent = {
      type: 'ReportLinkedToCase',
      data: { caseId: 'case-9', linkedAt: meta.now, reason: 'same' },
    };
    given([report, linked])
      .when({
        type: 'ReferReport',
        referralId: 'r',
        communeCode: '00004',
        provinceCode: '01',
        clocks,
        metadata: meta,
      })
      .thenThrows('CONTACT.ALREADY_LINKED', 'case-9');
  });
});
