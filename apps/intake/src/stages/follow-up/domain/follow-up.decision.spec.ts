import { specFor } from '@cp/testing';
import type { ContactRecorded, ContactEvent } from '../../../domain/contact.events';
import type { CommandMetadata } from '@cp/contracts';
import { contactDecider } from '../../../domain/contact.decider';
import { meta, report, counselling, referred, clocks, system } from '../../../domain/contact.test-fixtures';

// Through the decider, as the write path runs it: the decision of this stage and the state it folds.
const given = specFor(contactDecider);

describe('the forwarding clock ("chuyển ngay"): from receipt to referral', () => {
  const recorded = (): ContactRecorded => ({
    type: 'ContactRecorded',
    data: { ...report.data, forwardBy: '2026-11-23T09:55:00.000Z', clockPolicy: clocks.version },
  });

  it('a report carries its forwarding time by the policy in force, and names the policy', () => {
    given([]).when({ type: 'RecordContact', data: report.data, clocks, metadata: meta }).then([recorded()]);
  });

  it('a counselling contact has no forwarding clock', () => {
    given([])
      .when({ type: 'RecordContact', data: counselling.data, clocks, metadata: meta })
      .then([counselling]);
  });

  it('alerts once when the report is not referred in time', () => {
    const late = { ...system, now: '2026-11-23T10:00:00.000Z' };
    given([recorded()])
      .when({ type: 'RaiseForwardingAlert', metadata: late })
      .then([
        {
          type: 'ForwardingAlertRaised',
          data: { forwardBy: '2026-11-23T09:55:00.000Z', raisedAt: late.now },
        },
      ]);
    given([recorded(), { type: 'ForwardingAlertRaised', data: { forwardBy: 'x', raisedAt: 'y' } }])
      .when({ type: 'RaiseForwardingAlert', metadata: late })
      .then([]);
  });

  it('does not alert before the time, nor for a report already referred', () => {
    given([recorded()]).when({ type: 'RaiseForwardingAlert', metadata: system }).then([]);
    given([recorded(), referred])
      .when({ type: 'RaiseForwardingAlert', metadata: { ...system, now: '2026-11-23T12:00:00.000Z' } })
      .then([]);
  });

  it('only the service raises it', () => {
    given([recorded()])
      .when({ type: 'RaiseForwardingAlert', metadata: { ...meta, now: '2026-11-23T12:00:00.000Z' } })
      .thenThrows('CONTACT.ROLE_NOT_ALLOWED');
  });
});
describe('following a referral up', () => {
  const at = (iso: string): CommandMetadata => ({ ...system, now: iso });
  const linked: ContactEvent = {
    type: 'CaseLinked',
    data: { referralId: 'r-1', caseId: 'case-1', status: 'received', linkedAt: meta.now },
  };

  it('raises one alert when no commune took the referral up in time', () => {
    const g = given([report, referred, linked]);
    g.when({ type: 'RaiseFollowUpAlert', metadata: at('2026-11-23T08:29:00.000Z') }).then([]);
    g.when({ type: 'RaiseFollowUpAlert', metadata: at('2026-11-23T08:31:00.000Z') }).then([
      {
        type: 'FollowUpAlertRaised',
        data: {
          referralId: 'r-1',
          acknowledgeBy: '2026-11-23T08:30:00.000Z',
          raisedAt: '2026-11-23T08:31:00.000Z',
        },
      },
    ]);
    const raised: ContactEvent = {
      type: 'FollowUpAlertRaised',
      data: {
        referralId: 'r-1',
        acknowledgeBy: '2026-11-23T08:30:00.000Z',
        raisedAt: '2026-11-23T08:31:00.000Z',
      },
    };
    given([report, referred, linked, raised])
      .when({ type: 'RaiseFollowUpAlert', metadata: at('2026-11-23T09:00:00.000Z') })
      .then([]);
  });

  it('raises none once the commune has taken it up', () => {
    const taken: ContactEvent = {
      type: 'CaseStatusUpdated',
      data: {
        caseId: 'case-1',
        status: 'assessing',
        at: '2026-11-23T08:10:00.000Z',
        overdue: false,
      },
    };
    const g = given([report, referred, linked, taken]);
    expect(g.state.referral).toMatchObject({
      acknowledgedAt: '2026-11-23T08:10:00.000Z',
      caseStatus: 'assessing',
      caseOverdue: false,
    });
    g.when({ type: 'RaiseFollowUpAlert', metadata: at('2026-11-23T09:00:00.000Z') }).then([]);
  });

  it('is raised only by the service', () => {
    given([report, referred])
      .when({ type: 'RaiseFollowUpAlert', metadata: { ...meta, now: '2026-11-23T09:00:00.000Z' } })
      .thenThrows('CONTACT.ROLE_NOT_ALLOWED');
  });
});
