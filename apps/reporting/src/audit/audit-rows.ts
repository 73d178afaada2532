import { DomainError } from '@cp/contracts';
import type { AuditItem, AuditSearch } from './audit.types';
import { eventChanges, eventDetails } from './case-trail';

// The rows of the trail as the API answers them, the search's own record, and the pages' cursors.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of raw SQL are untyped
type Row = Record<string, any>;
const iso = (v: unknown): string => new Date(v as string).toISOString();

/**
 * A row is within a set of unit codes when it concerns one of them itself, or belongs to a case one of
 * whose events does (`$n` is a text[] parameter).
 */
/** What a search of the trail filtered on, as recorded in its own trail (no cursor: it is opaque). */
export function searchFilters(q: AuditSearch): Record<string, unknown> {
  const { cursor, ...rest } = q;
  const filters: Record<string, unknown> = { ...rest, page: cursor ? 'next' : 'first' };
  for (const k of Object.keys(filters)) if (filters[k] === undefined) delete filters[k];
  return filters;
}

export function visibleIn(alias: string, codes: string): string {
  return `(${alias}.units && ${codes}::text[] OR (${alias}.case_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM rm_events v WHERE v.case_id = ${alias}.case_id AND v.units && ${codes}::text[])))`;
}

export function toItem(r: Row, adminOnly: boolean): AuditItem {
  const base: AuditItem = {
    kind: r.kind,
    id: String(r.id),
    at: iso(r.at),
    actor: { id: String(r.actor_id), roles: r.actor_roles ?? [], unit: r.actor_unit ?? null },
    what: String(r.what),
    producer: String(r.producer),
    record: { kind: r.record_kind, id: String(r.record_id), version: Number(r.record_version) },
    caseId: r.case_id ?? null,
    contactId: r.contact_id ?? null,
    units: r.units ?? [],
  };
  if (r.kind === 'access') {
    return {
      ...base,
      view: r.view,
      fields: r.fields ?? [],
      asAt: r.as_at ? iso(r.as_at) : null,
      outcome: r.outcome === 'refused' ? 'refused' : 'granted',
      ...(r.results !== null && r.results !== undefined ? { results: Number(r.results) } : {}),
    };
  }
  if (r.kind === 'audit_query') {
    return {
      ...base,
      view: r.view,
      outcome: r.outcome === 'refused' ? 'refused' : 'granted',
      results: r.results === null || r.results === undefined ? null : Number(r.results),
      filters: (r.data as Record<string, unknown> | null) ?? {},
    };
  }
  if (adminOnly) return base;
  const previous = r.prev_type ? { type: String(r.prev_type), data: r.prev_data } : null;
  return {
    ...base,
    changes: r.producer === 'casework' ? eventChanges({ type: base.what, data: r.data }, previous) : null,
    details: eventDetails(base.what, r.data),
  };
}

export function notFound(caseId: string, at?: string): DomainError {
  return new DomainError(
    'AUDIT.CASE_NOT_FOUND',
    `No case ${caseId} that you can see${at ? ` at ${at}` : ''} in the audit trail.`,
    'not_found',
  );
}

/** Opaque to clients: the time (microseconds) and id of the last item of the page. */
export function encodeCursor(c: { at: string; id: string }): string {
  return Buffer.from(JSON.stringify([c.at, c.id])).toString('base64url');
}

export function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      !Number.isNaN(Date.parse(v[0])) &&
      typeof v[1] === 'string' &&
      v[1].length <= 64
    ) {
      return { at: v[0], id: v[1] };
    }
  } catch {
    // fall through
  }
  throw new DomainError(
    'AUDIT.INVALID_CURSOR',
    'cursor: pass the nextCursor of the previous page unchanged.',
    'invalid',
    {
      field: 'cursor',
    },
  );
}
