import { Injectable } from '@nestjs/common';
import { TOPICS, type IntegrationEnvelope } from '@cp/contracts';
import type { Sql } from '@cp/event-store';
import type { Projection, TableName } from '../projections/projection';

type Data = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** The case an event is about: casework events are the case's own; intake says when it linked a report. */
export function caseIdOf(env: IntegrationEnvelope): string | null {
  if (env.producer === 'casework') return env.aggregateId;
  return str((env.data as Data)?.caseId);
}

export function contactIdOf(env: IntegrationEnvelope): string | null {
  const d = (env.data ?? {}) as Data;
  if (env.producer === 'intake') return str(d.contactId) ?? env.aggregateId;
  const source = d.source as Data | undefined;
  return str(d.contactId) ?? str(source?.contactId);
}

/** Communes and provinces an event concerns, for searching the trail by unit. */
export function unitsOf(env: IntegrationEnvelope): string[] {
  const d = (env.data ?? {}) as Data;
  const codes = [
    d.communeCode,
    d.provinceCode,
    d.incidentCommuneCode,
    d.residenceCommuneCode,
    d.residenceProvinceCode,
  ];
  const units = new Set<string>();
  for (const c of codes) {
    const s = str(c);
    if (s && /^\d{2}$|^\d{5}$/.test(s)) {
      units.add(s);
    }
  }
  return [...units];
}

/**
 * Reporting's copy of every integration event of intake and casework, with each event's place in its
 * source stream and hashes: the audit trail reads it and the integrity check compares it with the source.
 */
@Injectable()
export class EventCopyProjection implements Projection {
  readonly name = 'events';
  readonly tables = ['rm_events'] as const;
  readonly topics = [TOPICS.caseworkCases, TOPICS.intakeContacts] as const;

  async applyBatch(envelopes: readonly IntegrationEnvelope[], sql: Sql, t: TableName): Promise<void> {
    if (!envelopes.length) return;
    const col = <T>(f: (e: IntegrationEnvelope) => T): T[] => envelopes.map(f);
    await sql.query(
      `INSERT INTO ${t('rm_events')} (event_id, producer, topic, type, schema_version, aggregate_id, aggregate_version,
         case_id, contact_id, occurred_at, actor_id, actor_roles, actor_unit, units, source_stream, source_version,
         hash, prev_hash, data)
       SELECT event_id, producer, topic, type, schema_version, aggregate_id, aggregate_version, case_id, contact_id,
         occurred_at, actor_id, string_to_array(actor_roles, ','), actor_unit, string_to_array(units, ','),
         source_stream, source_version, hash, prev_hash, data
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::int[], $8::uuid[],
         $9::uuid[], $10::timestamptz[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::int[],
         $17::text[], $18::text[], $19::jsonb[])
         AS x(event_id, producer, topic, type, schema_version, aggregate_id, aggregate_version, case_id, contact_id,
           occurred_at, actor_id, actor_roles, actor_unit, units, source_stream, source_version, hash, prev_hash, data)
       ON CONFLICT (event_id) DO NOTHING`,
      [
        col((e) => e.eventId),
        col((e) => e.producer),
        col((e) => (e.producer === 'casework' ? TOPICS.caseworkCases : TOPICS.intakeContacts)),
        col((e) => e.type),
        col((e) => e.schemaVersion ?? 1),
        col((e) => e.aggregateId),
        col((e) => e.aggregateVersion),
        col(caseIdOf),
        col(contactIdOf),
        col((e) => e.occurredAt),
        col((e) => e.actor?.id ?? 'unknown'),
        col((e) => (e.actor?.roles ?? []).join(',')),
        col((e) => e.actor?.unit ?? null),
        col((e) => unitsOf(e).join(',')),
        col((e) => e.integrity?.streamId ?? null),
        col((e) => e.integrity?.streamVersion ?? null),
        col((e) => e.integrity?.hash ?? null),
        col((e) => e.integrity?.prevHash ?? null),
        col((e) => JSON.stringify(e.data ?? null)),
      ],
    );
  }
}
