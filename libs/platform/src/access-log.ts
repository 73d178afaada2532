import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AdminUnits, NATIONAL_UNIT } from '@cp/admin-units';
import type { AuthUser } from '@cp/auth';
import { AUDIT_ACCESS_TOPICS, type RecordAccessedV1 } from '@cp/contracts';
import { EventStore, type OutboxMessage, type Sql } from '@cp/event-store';
import type { ServiceConfig } from './config';
import { commandMetadata } from './http-commands';
import { integrationMessage } from './integration-message';
import { MessagingLifecycle } from './messaging.lifecycle';
import { CONFIG } from './tokens';
import { RefusedReadRecorder, type RefusedRead } from './refused-reads';

/** One read of a child's record, as the service that holds the record describes it. */
export interface RecordRead {
  recordKind: RecordAccessedV1['recordKind'];
  recordId: string;
  /** The case the record is (or belongs to), when known. */
  caseId: string | null;
  /** What was read: `state`, `state_at`, `history`, `integrity`, `contact`, `possible_duplicates`, … */
  view: string;
  /** The groups of fields returned (see `fieldGroups`). Names only, never values. */
  fields: string[];
  /** The instant of a point-in-time read. */
  asAt?: string | null;
  /** The version of the record that was read (0 when the view is not of one version). */
  version?: number;
  /** Communes the record concerns: the reader's acting unit is the one of theirs that covers them. */
  communes?: Array<string | null | undefined>;
  /** A refused read (see RecordAccessedV1.outcome); granted when absent. */
  outcome?: 'granted' | 'refused';
  /** A name search: the blind tokens of its words, and how many records it matched. */
  query?: { blindTokens: string[] };
  results?: number;
}

/**
 * Every read of a child's record is itself audited (docs/privacy.md). A read is not a domain event: it is not
 * appended to the record's stream (that would change its version and break If-Match), but written as a
 * `RecordAccessed` message to the transactional outbox, which the relay publishes on the service's own
 * access topic (`cp.<service>.audit.access.v1`, which no other service may write) keyed by the record id.
 * The caller records the read after loading the record and before answering: if the access record cannot
 * be written the request fails, so no read goes unlogged.
 */
@Injectable()
export class AccessLog extends RefusedReadRecorder implements OnModuleInit {
  constructor(
    @Inject(CONFIG) private readonly config: ServiceConfig,
    private readonly store: EventStore,
    private readonly messaging: MessagingLifecycle,
    private readonly units: AdminUnits,
  ) {
    super();
  }

  onModuleInit(): void {
    this.messaging.producesTo(AUDIT_ACCESS_TOPICS[this.producer]);
  }

  /** This service, as one of those that record reads (a service that holds no record has no access topic). */
  private get producer(): AccessRecorder {
    const service = this.config.service;
    if (service in AUDIT_ACCESS_TOPICS) return service as AccessRecorder;
    throw new Error(
      `${service} has no access topic: add cp.${service}.audit.access.v1 to AUDIT_ACCESS_TOPICS`,
    );
  }

  /** Records one or more reads by `user` in one statement, then wakes the outbox relay. */
  async recordReads(
    user: AuthUser,
    reads: RecordRead[],
    opts: { sql?: Sql; now?: Date } = {},
  ): Promise<void> {
    if (reads.length === 0) return;
    const now = opts.now ?? new Date();
    const messages = reads.map((r) => accessMessage(this.producer, user, r, this.actingUnit(user, r), now));
    await this.store.enqueue(messages, opts.sql);
  }

  /** Shorthand for a single read. */
  recordRead(user: AuthUser, read: RecordRead, opts: { sql?: Sql; now?: Date } = {}): Promise<void> {
    return this.recordReads(user, [read], opts);
  }

  /**
   * A GET of one of this service's records (or of a view of it) answered 403 or 404: recorded as a refused
   * read of the record the path names, with no fields. Other paths (lists, unknown addresses) are not reads
   * of a record.
   */
  async recordRefusal(refused: RefusedRead): Promise<void> {
    const { segment, kind, view } = RECORD_PATHS[this.producer];
    const m = new RegExp(`^/api/v1/${segment}/([0-9a-f-]{36})(?:/([a-z-]+))?/?$`, 'i').exec(refused.path);
    if (!m) return;
    const id = m[1].toLowerCase();
    await this.recordRead(refused.user, {
      recordKind: kind,
      recordId: id,
      caseId: kind === 'case' ? id : null,
      view: m[2] ? m[2].replace(/-/g, '_') : view,
      fields: [],
      outcome: 'refused',
    });
  }

  /**
   * The unit the reader acts for on this record: the most specific of their units that covers one of the
   * record's communes (commune, then province, then VN); their first unit when the record names none.
   */
  private actingUnit(user: AuthUser, read: RecordRead): string | null {
    const communes = (read.communes ?? []).filter((c): c is string => !!c);
    for (const c of communes) if (user.units.includes(c)) return c;
    for (const c of communes) {
      const province = this.units.provinceOf(c);
      if (province && user.units.includes(province)) return province;
    }
    if (communes.length && user.units.includes(NATIONAL_UNIT)) return NATIONAL_UNIT;
    return user.units[0] ?? null;
  }
}

/** The services that record reads of a child's record (each writes its own access topic). */
export type AccessRecorder = keyof typeof AUDIT_ACCESS_TOPICS;

/** Where each service's records are read (`GET /api/v1/<segment>/:id[/<view>]`), and the plain view's name. */
const RECORD_PATHS: Record<AccessRecorder, { segment: string; kind: 'case' | 'contact'; view: string }> = {
  intake: { segment: 'contacts', kind: 'contact', view: 'contact' },
  casework: { segment: 'cases', kind: 'case', view: 'state' },
};

/** The outbox message of one read: ids and field-group names only, no personal data. */
export function accessMessage(
  producer: AccessRecorder,
  user: AuthUser,
  read: RecordRead,
  unit: string | null,
  now: Date,
): OutboxMessage {
  const accessId = randomUUID();
  const at = now.toISOString();
  const data: RecordAccessedV1 = {
    accessId,
    recordKind: read.recordKind,
    recordId: read.recordId,
    caseId: read.caseId,
    view: read.view,
    fields: [...new Set(read.fields)],
    asAt: read.asAt ?? null,
    at,
    outcome: read.outcome ?? 'granted',
    ...(read.query ? { query: { blindTokens: [...read.query.blindTokens] } } : {}),
    ...(read.results !== undefined ? { results: read.results } : {}),
  };
  return integrationMessage({
    topic: AUDIT_ACCESS_TOPICS[producer],
    producer,
    type: 'RecordAccessed',
    event: { eventId: accessId, occurredAt: at },
    aggregateId: read.recordId,
    aggregateVersion: read.version ?? 0,
    metadata: commandMetadata(user, unit, now),
    data,
  });
}

/**
 * The groups of a view that carry content: `groups` maps a group name (`children`, `plan`, …) to the
 * properties of the view it covers; a group is named when one of them is neither null, empty nor absent.
 * What a read disclosed is then recorded by name, never by value.
 */
export function fieldGroups(view: object, groups: Record<string, readonly string[]>): string[] {
  const v = view as Record<string, unknown>;
  return Object.entries(groups)
    .filter(([, props]) => props.some((p) => hasContent(v[p])))
    .map(([group]) => group);
}

function hasContent(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}
