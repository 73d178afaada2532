import { TOPICS, type CaseOpenedV1, type CaseUpdatedV1, type CommandMetadata } from '@cp/contracts';
import type { OutboxMessage } from '@cp/event-store';
import { integrationMessage } from '@cp/platform';
import type { CaseEvent } from '../domain/case.events';
import type { CaseState } from '../domain/case.state';
import { publishedDetails } from './case-payloads';

export function caseSummary(caseId: string, state: CaseState, at: string): Omit<CaseUpdatedV1, 'details'> {
  const opened = state.opened!;
  return {
    caseId,
    contactId: opened.source.kind === 'hotline_referral' ? opened.source.contactId : null,
    status: state.status,
    level: state.level,
    communeCode: state.ownerCommuneCode!,
    provinceCode: state.ownerProvinceCode!,
    incidentCommuneCode: state.incidentCommuneCode!,
    residenceCommuneCode: state.residenceCommuneCode,
    assignedWorkerId: state.assignedWorkerId,
    closureReason: state.closure?.reason ?? null,
    at,
    deadlines: state.deadlines,
    // What the hotline's erasure of the case's contacts depends on (retention, legal hold).
    closedAt: state.closure?.closedAt ?? null,
    retentionEndsAt: state.retention?.endsAt ?? null,
    legalHold: state.legalHolds.length > 0,
  };
}

/** One outbox message per new event, keyed by the case so its events stay in order on the topic. */
export function caseMessages(
  caseId: string,
  events: Array<CaseEvent & { eventId: string; occurredAt: string }>,
  stateAfter: CaseState,
  version: number,
  meta: CommandMetadata,
): OutboxMessage[] {
  return events.map((e, i) => {
    const common = {
      topic: TOPICS.caseworkCases,
      producer: 'casework' as const,
      event: e,
      aggregateId: caseId,
      aggregateVersion: version - events.length + i + 1,
      metadata: meta,
    };
    if (e.type === 'CaseOpened') {
      const data: CaseOpenedV1 = {
        caseId,
        source: e.data.source,
        communeCode: e.data.incidentCommuneCode,
        provinceCode: e.data.provinceCode,
        residenceCommuneCode: e.data.residenceCommuneCode,
        status: 'received',
        level: null,
        receivedAt: e.data.receivedAt,
        openedAt: e.data.openedAt,
        children: e.data.children,
        category: e.data.category ?? null,
        setting: e.data.setting ?? null,
        concerns: e.data.concerns,
        urgent: e.data.urgent,
        deadlines: e.data.deadlines,
      };
      return integrationMessage({ ...common, type: 'CaseOpened', data });
    }
    // Event-carried state after the whole command: a consumer needs no other source to stay current.
    const data: CaseUpdatedV1 & Record<string, unknown> = {
      ...caseSummary(caseId, stateAfter, meta.now),
      // Field by field, what the table allows (case-payloads.ts); free text never leaves casework.
      details: publishedDetails(e),
    };
    if (e.type === 'CaseWorkerAssigned') {
      data.workerId = e.data.workerId;
      data.assignedAt = e.data.assignedAt;
    }
    return integrationMessage({ ...common, type: e.type, data });
  });
}
