import { DomainError, type CaseStatus, type Decider } from '@cp/contracts';
import type { ContactCommand } from './contact.commands';
import type { ContactEvent, ContactRecorded } from './contact.events';

export interface Referral {
  referralId: string;
  communeCode: string;
  provinceCode: string;
  urgent: boolean;
  referredAt: string;
  caseId: string | null;
  caseStatus: CaseStatus | null;
}

export interface ContactState {
  status: 'none' | 'open' | 'referred';
  contact: ContactRecorded['data'] | null;
  referral: Referral | null;
}

export const initialState = (): ContactState => ({ status: 'none', contact: null, referral: null });

export function evolve(state: ContactState, event: ContactEvent): ContactState {
  switch (event.type) {
    case 'ContactRecorded':
      return { ...state, status: 'open', contact: event.data };
    case 'ReportReferred':
      return {
        ...state,
        status: 'referred',
        referral: { ...event.data, caseId: null, caseStatus: null },
      };
    case 'CaseLinked':
      return state.referral
        ? {
            ...state,
            referral: { ...state.referral, caseId: event.data.caseId, caseStatus: event.data.status },
          }
        : state;
    case 'CaseStatusUpdated':
      return state.referral?.caseId === event.data.caseId
        ? { ...state, referral: { ...state.referral, caseStatus: event.data.status } }
        : state;
    default:
      return state;
  }
}

export function decide(command: ContactCommand, state: ContactState): ContactEvent[] {
  switch (command.type) {
    case 'RecordContact': {
      if (state.status !== 'none') {
        throw new DomainError(
          'CONTACT.ALREADY_RECORDED',
          'This contact has already been recorded.',
          'conflict',
        );
      }
      const d = command.data;
      if (d.purpose === 'report') {
        // Mẫu 01: a report is about at least one child and at least one concern.
        if (d.children.length === 0) {
          throw new DomainError(
            'CONTACT.CHILD_REQUIRED',
            'A report must name at least one child (field: children).',
            'invalid',
          );
        }
        if (d.concerns.length === 0) {
          throw new DomainError(
            'CONTACT.CONCERN_REQUIRED',
            'A report must state at least one concern (field: concerns).',
            'invalid',
          );
        }
      }
      return [{ type: 'ContactRecorded', data: d }];
    }
    case 'ReferReport': {
      const contact = requireContact(state);
      if (contact.purpose !== 'report') {
        throw new DomainError(
          'CONTACT.NOT_A_REPORT',
          `Only a report of abuse or risk can be referred to a commune; this contact is "${contact.purpose}" (prevention-level work, no case).`,
        );
      }
      if (state.referral) {
        throw new DomainError(
          'CONTACT.ALREADY_REFERRED',
          `This report was already referred to commune ${state.referral.communeCode}.`,
          'conflict',
        );
      }
      return [
        {
          type: 'ReportReferred',
          data: {
            referralId: command.referralId,
            communeCode: command.communeCode,
            provinceCode: command.provinceCode,
            // A child in immediate danger makes the referral urgent even if the counsellor did not say so.
            urgent: command.urgent ?? contact.immediateDanger,
            referredAt: command.metadata.now,
          },
        },
      ];
    }
    case 'LinkCase': {
      requireContact(state);
      if (!state.referral || state.referral.referralId !== command.referralId) {
        throw new DomainError(
          'CONTACT.UNKNOWN_REFERRAL',
          `Referral ${command.referralId} does not belong to this contact.`,
          'not_found',
        );
      }
      if (state.referral.caseId === command.caseId) return [];
      return [
        {
          type: 'CaseLinked',
          data: {
            referralId: command.referralId,
            caseId: command.caseId,
            status: command.status,
            linkedAt: command.metadata.now,
          },
        },
      ];
    }
    case 'UpdateCaseStatus': {
      requireContact(state);
      if (state.referral?.caseId !== command.caseId || state.referral.caseStatus === command.status)
        return [];
      return [
        {
          type: 'CaseStatusUpdated',
          data: { caseId: command.caseId, status: command.status, at: command.metadata.now },
        },
      ];
    }
  }
}

function requireContact(state: ContactState): ContactRecorded['data'] {
  if (!state.contact) throw new DomainError('CONTACT.NOT_FOUND', 'No contact with this id.', 'not_found');
  return state.contact;
}

export const contactDecider: Decider<ContactState, ContactCommand, ContactEvent> = {
  initialState,
  evolve,
  decide,
};
