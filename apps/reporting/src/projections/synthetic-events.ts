import { randomUUID } from 'node:crypto';
import type { CaseOpenedV1, CaseUpdatedV1, IntegrationEnvelope } from '@cp/contracts';

/**
 * Realistic case histories as casework would publish them (opening, assessment, emergency measures,
 * plan, approval, services, review, end, closure), for the rebuild test and the reporting benchmarks.
 * Deterministic for a seed. No personal data, like the real events.
 */
export interface SyntheticOptions {
  cases: number;
  /** Communes to spread the cases over (5-digit code → 2-digit province). */
  communes: Array<{ commune: string; province: string }>;
  from: Date;
  to: Date;
  seed?: number;
}

const FORMS = ['violence', 'sexual_abuse', 'neglect', 'exploitation', 'abandonment', 'trafficking'] as const;
const SETTINGS = ['family', 'school', 'community', 'online', 'unknown'] as const;
const STEPS = [
  'CaseWorkerAssigned',
  'InitialAssessmentRecorded',
  'EmergencyMeasuresTaken',
  'NeedsMeetingHeld',
  'PlanDrafted',
  'PlanSubmitted',
  'PlanApproved',
  'ServiceDelivered',
  'ServiceDelivered',
  'ReviewRecorded',
  'PlanEnded',
] as const;

export function* syntheticCaseEvents(o: SyntheticOptions): Generator<IntegrationEnvelope> {
  let s = o.seed ?? 42;
  const rnd = () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const span = o.to.getTime() - o.from.getTime();
  for (let n = 0; n < o.cases; n++) {
    const caseId = randomUUID();
    const where = pick(o.communes);
    const received = new Date(o.from.getTime() + Math.floor(rnd() * span));
    const children = Array.from({ length: 1 + Math.floor(rnd() * 1.6) }, (_, i) => ({
      childRef: `${caseId.slice(0, 8)}-${i}`,
      sex: pick(['male', 'female', 'female', 'unknown'] as const),
      ageYears: rnd() < 0.1 ? null : Math.floor(rnd() * 16),
    }));
    const level = rnd() < 0.45 ? 'intervention' : 'support';
    const abused = level === 'intervention' || rnd() < 0.3;
    let version = 0;
    const env = <T>(type: string, at: Date, data: T): IntegrationEnvelope<string, T> => ({
      eventId: randomUUID(),
      type,
      schemaVersion: 1,
      aggregateId: caseId,
      aggregateVersion: ++version,
      occurredAt: at.toISOString(),
      producer: 'casework',
      correlationId: caseId,
      causationId: null,
      actor: { id: `worker-${where.commune}`, roles: ['commune_worker'], unit: where.commune },
      data,
    });
    const dueAt = new Date(received.getTime() + 12 * 3600_000).toISOString();
    const deadline = {
      id: 'initial_assessment:1',
      kind: 'initial_assessment' as const,
      dueAt,
      startedAt: received.toISOString(),
      policyVersion: 'national-2017',
      calendarVersion: null,
      rule: 'Decree 56/2017 Art. 24: 12 hours from receipt',
      status: 'open' as const,
      metAt: null as string | null,
      metRecordedAt: null as string | null,
      missedAt: null as string | null,
    };
    const opened: CaseOpenedV1 = {
      caseId,
      source: { kind: 'commune_direct' },
      communeCode: where.commune,
      provinceCode: where.province,
      residenceCommuneCode: null,
      status: 'received',
      level: null,
      receivedAt: received.toISOString(),
      openedAt: received.toISOString(),
      children,
      category: abused ? 'abused' : 'special_circumstances',
      setting: pick(SETTINGS),
      concerns: abused ? [pick(FORMS)] : ['custody_dispute'],
      urgent: abused,
      deadlines: [deadline],
    };
    yield env('CaseOpened', received, opened);
    const steps = STEPS.slice(0, 2 + Math.floor(rnd() * (STEPS.length - 1)));
    let at = received.getTime();
    for (const type of steps) {
      if (type === 'EmergencyMeasuresTaken' && level !== 'intervention') continue;
      at += Math.floor(rnd() * (type === 'InitialAssessmentRecorded' ? 16 : 72) * 3600_000);
      const when = new Date(at).toISOString();
      if (type === 'InitialAssessmentRecorded') {
        Object.assign(
          deadline,
          at <= Date.parse(dueAt)
            ? { status: 'met', metAt: when }
            : { status: 'met_late', metAt: when, missedAt: dueAt },
        );
      }
      const data: CaseUpdatedV1 = {
        caseId,
        contactId: null,
        status: type === 'PlanEnded' ? 'closed' : type === 'CaseWorkerAssigned' ? 'received' : 'implementing',
        level: type === 'CaseWorkerAssigned' ? null : level,
        communeCode: where.commune,
        provinceCode: where.province,
        incidentCommuneCode: where.commune,
        residenceCommuneCode: null,
        assignedWorkerId: `worker-${where.commune}`,
        closureReason: type === 'PlanEnded' ? 'plan_ended' : null,
        at: when,
        deadlines: [{ ...deadline }],
        details: type === 'ServiceDelivered' ? { deliveredAt: when, itemId: 'item-1' } : {},
      };
      yield env(type, new Date(at), data);
    }
  }
}
