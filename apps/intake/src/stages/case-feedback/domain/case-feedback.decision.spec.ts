import { specFor } from '@cp/testing';
import type { ContactEvent } from '../../../domain/contact.events';
import { contactDecider } from '../../../domain/contact.decider';
import { meta, report, referred } from '../../../domain/contact.test-fixtures';

// Through the decider, as the write path runs it: the decision of this stage and the state it folds.
const given = specFor(contactDecider);

describe('case feedback from the commune', () => {
  it('links the case opened for the referral', () => {
    given([report, referred])
      .when({ type: 'LinkCase', referralId: 'r-1', caseId: 'case-1', status: 'received', metadata: meta })
      .then([
        {
          type: 'CaseLinked',
          data: { referralId: 'r-1', caseId: 'case-1', status: 'received', linkedAt: meta.now },
        },
      ]);
  });

  it('ignores a repeated link (redelivered case event)', () => {
    const linked: ContactEvent = {
      type: 'CaseLinked',
      data: { referralId: 'r-1', caseId: 'case-1', status: 'received', linkedAt: meta.now },
    };
    given([report, referred, linked])
      .when({ type: 'LinkCase', referralId: 'r-1', caseId: 'case-1', status: 'received', metadata: meta })
      .then([]);
  });

  it('follows the status of the linked case', () => {
    const linked: ContactEvent = {
      type: 'CaseLinked',
      data: { referralId: 'r-1', caseId: 'case-1', status: 'received', linkedAt: meta.now },
    };
    const g = given([report, referred, linked]);
    g.when({
      type: 'UpdateCaseStatus',
      caseId: 'case-1',
      status: 'assessing',
      overdue: false,
      metadata: meta,
    }).then([
      {
        type: 'CaseStatusUpdated',
        data: { caseId: 'case-1', status: 'assessing', at: meta.now, overdue: false },
      },
    ]);
    expect(g.state.referral?.caseId).toBe('case-1');
  });

  it('records whether the case is overdue, and nothing of its steps or deadlines', () => {
    const linked: ContactEvent = {
      type: 'CaseLinked',
      data: { referralId: 'r-1', caseId: 'case-1', status: 'received', linkedAt: meta.now },
    };
    const late = given([report, referred, linked]);
    late
      .when({ type: 'UpdateCaseStatus', caseId: 'case-1', status: 'received', overdue: true, metadata: meta })
      .then([
        {
          type: 'CaseStatusUpdated',
          data: { caseId: 'case-1', status: 'received', at: meta.now, overdue: true },
        },
      ]);
    // An event recorded before: a step name and a due date, which the state no longer keeps.
    const older = given([
      report,
      referred,
      linked,
      {
        type: 'CaseStatusUpdated',
        data: {
          caseId: 'case-1',
          status: 'assessing',
          at: meta.now,
          step: 'TemporarySeparationDecided',
          nextDueAt: meta.now,
        },
      },
    ]);
    expect(older.state.referral).toMatchObject({ caseStatus: 'assessing', caseOverdue: false });
    expect(JSON.stringify(older.state.referral)).not.toMatch(/TemporarySeparationDecided|nextDueAt|caseStep/);
  });
});
