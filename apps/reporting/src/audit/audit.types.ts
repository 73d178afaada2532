// What the audit trail answers: a search's items and pages, and a case's timeline (audit.service.ts).

import type { CaseChanges, TimelineRead, TimelineStep, stateOf } from './case-trail';

export interface AuditSearch {
  caseId?: string;
  contactId?: string;
  actorId?: string;
  unit?: string;
  from?: string;
  to?: string;
  kind?: 'event' | 'access' | 'audit_query' | 'all';
  limit?: number;
  cursor?: string;
}

export interface AuditActor {
  id: string;
  roles: string[];
  unit: string | null;
}

export interface AuditItem {
  /** `audit_query`: a search of this trail or a case timeline someone asked for (or was refused). */
  kind: 'event' | 'access' | 'audit_query';
  id: string;
  at: string;
  actor: AuditActor;
  /** The event type, `read:<view>` for a read, `audit:search` or `audit:timeline` for a query of the trail. */
  what: string;
  producer: string;
  record: { kind: 'case' | 'contact' | 'search' | 'audit'; id: string; version: number };
  caseId: string | null;
  contactId: string | null;
  units: string[];
  /** Events of a case: what the step changed compared with the case's previous event. */
  changes?: CaseChanges | null;
  /** Events: the step's own facts (codes only). */
  details?: Record<string, unknown>;
  /** Reads: the view and the groups of fields returned, the instant of a point-in-time read. */
  view?: string;
  fields?: string[];
  asAt?: string | null;
  /** Reads and queries of the trail: whether the reader got the record, or was turned away. */
  outcome?: 'granted' | 'refused';
  /** Searches (by name, or of the trail): how many records they matched. */
  results?: number | null;
  /** Queries of the trail: what the reader filtered on. */
  filters?: Record<string, unknown>;
}

export interface AuditPage {
  count: number;
  items: AuditItem[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface CaseTimeline {
  caseId: string;
  asAt: string | null;
  version: number;
  state: ReturnType<typeof stateOf> | null;
  deadlines: Array<{
    id: string;
    kind: string;
    dueAt: string;
    status: string;
    metAt: string | null;
    missedAt: string | null;
    policyVersion: string;
    rule: string;
  }>;
  timeline: Array<TimelineStep | TimelineRead>;
}
