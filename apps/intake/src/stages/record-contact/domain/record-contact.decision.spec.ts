import { specFor } from '@cp/testing';
import type { ContactRecorded, ContactEvent } from '../../../domain/contact.events';
import { contactDecider } from '../../../domain/contact.decider';
import { meta, report, counselling } from '../../../domain/contact.test-fixtures';

// Through the decider, as the write path runs it: the decision of this stage and the state it folds.
const given = specFor(contactDecider);

describe('recording a contact', () => {
  it('records a report about a child', () => {
    given([]).when({ type: 'RecordContact', data: report.data, metadata: meta }).then([report]);
  });

  it('refuses a report without any child, naming the field', () => {
    given([])
      .when({ type: 'RecordContact', data: { ...report.data, children: [] }, metadata: meta })
      .thenThrows('CONTACT.CHILD_REQUIRED', 'children');
  });

  it('refuses a report without a concern, naming the field', () => {
    given([])
      .when({ type: 'RecordContact', data: { ...report.data, concerns: [] }, metadata: meta })
      .thenThrows('CONTACT.CONCERN_REQUIRED', 'concerns');
  });

  it('accepts a counselling contact with no child named', () => {
    given([]).when({ type: 'RecordContact', data: counselling.data, metadata: meta }).then([counselling]);
  });

  it('cannot record the same contact twice', () => {
    given([report])
      .when({ type: 'RecordContact', data: report.data, metadata: meta })
      .thenThrows('CONTACT.ALREADY_RECORDED');
  });
});
describe('recording the details of Mẫu 01', () => {
  it('refuses sexual-abuse subtypes without the sexual-abuse concern, naming the field', () => {
    given([])
      .when({
        type: 'RecordContact',
        data: { ...report.data, sexualAbuseSubtypes: ['molestation'] },
        metadata: meta,
      })
      .thenThrows('CONTACT.SUBTYPE_WITHOUT_SEXUAL_ABUSE', 'sexualAbuseSubtypes');
  });

  it('refuses a contact received in the future', () => {
    given([])
      .when({
        type: 'RecordContact',
        data: { ...report.data, receivedAt: '2026-11-24T08:00:00.000Z' },
        metadata: meta,
      })
      .thenThrows('CONTACT.RECEIVED_IN_FUTURE', 'receivedAt');
  });
});
describe('Mẫu 01: parents, carers, family situation and the alleged abuser', () => {
  const full: ContactRecorded = {
    type: 'ContactRecorded',
    data: {
      ...report.data,
      concerns: ['drowning', 'child_marriage', 'injury_accident'],
      children: [
        {
          ...report.data.children[0],
          carers: [
            { relation: 'mother', currentCarer: true, personal: { name: 'Trần Thị B', age: '34' } },
            { relation: 'father', personal: { name: 'Nguyễn Văn C', occupation: 'thợ xây' } },
          ],
          personal: { name: 'Nguyễn Thị A', familySituation: 'Bố mẹ ly thân' },
        },
      ],
      personal: {
        ...report.data.personal,
        allegedAbusers: [{ relation: 'step_parent', sex: 'male', name: 'Lê Văn D' }],
      },
    },
  };

  it('records them with the report', () => {
    given([]).when({ type: 'RecordContact', data: full.data, metadata: meta }).then([full]);
  });

  it('erases the carers with the child and the alleged abuser with what the caller told', () => {
    const closed: ContactEvent = {
      type: 'ContactClosed',
      data: { outcome: 'no_action_needed', closedAt: meta.now },
    };
    let state = contactDecider.initialState();
    for (const e of [full, closed]) state = contactDecider.evolve(state, e);
    const [erased] = contactDecider.decide(
      {
        type: 'ErasePersonalData',
        erasureId: 'e-1',
        basis: 'subject_request',
        reference: '12/QĐ-UBND',
        metadata: { ...meta, actor: { id: 's-1', roles: ['hotline_supervisor'], unit: 'VN' } },
      },
      state,
    );
    state = contactDecider.evolve(state, erased);
    const child = state.contact!.children[0];
    expect(child.carers!.map((k) => k.personal)).toEqual([
      { name: '[erased]', age: '[erased]' },
      { name: '[erased]', occupation: '[erased]' },
    ]);
    expect(child.personal.familySituation).toBe('[erased]');
    expect(state.contact!.personal.allegedAbusers).toEqual([
      { relation: '[erased]', sex: '[erased]', name: '[erased]' },
    ]);
  });
});
