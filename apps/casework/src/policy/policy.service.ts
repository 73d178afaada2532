import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AdminUnits } from '@cp/admin-units';
import type { AuthUser } from '@cp/auth';
import { DomainError } from '@cp/contracts';
import { DEFAULT_RETENTION_DAYS, type DeadlinePolicy, type WorkingCalendar } from '../domain/deadline-policy';
import type { DeadlineRulesSource } from '../write/deadline-rules';
import {
  HolidayCalendar,
  SEED_OVERRIDES,
  isLocalDate,
  overrideProblems,
  type CalendarDay,
  type CalendarOverride,
  type EffectiveOverride,
  type OverrideKind,
} from '../calendar';
import {
  NATIONAL_DEFAULT_RECORD,
  VALUE_FIELDS,
  checkNotRetroactive,
  checkScope,
  checkScopeWithinUnits,
  policyVersion,
  resolvePolicy,
  toDeadlinePolicy,
  validatePolicyValues,
  type PolicyRecord,
  type PolicyValuesInput,
} from './policy-rules';

/** How long an instance trusts what it read (ms); other instances' writes show up within this time. */
export const POLICY_CACHE_TTL_MS = Symbol('POLICY_CACHE_TTL_MS');
const DEFAULT_TTL_MS = 30_000;
/** GET /calendar/working-days answers at most this many days at once. */
export const MAX_CALENDAR_DAYS = 400;

export interface NewPolicy {
  scope: string;
  /** ISO instant. */
  effectiveFrom: string;
  values: PolicyValuesInput;
  reason: string;
}

/** A row of the override history, as an admin made it. */
export interface OverrideRecord extends CalendarOverride {
  id: string;
  createdBy: string;
  createdAt: string;
}

/** An override in force, with where it comes from. */
export type OverrideInForce = EffectiveOverride &
  ({ origin: 'seed' } | { origin: 'admin'; id: string; createdBy: string; createdAt: string });

interface Snapshot {
  policies: PolicyRecord[];
  overrides: OverrideRecord[];
  calendar: HolidayCalendar;
}

interface PolicyRow {
  version: string;
  scope: string;
  effective_from: Date;
  /** Versions recorded before retention was policy have no retentionDaysAfterClosure. */
  values: PolicyValuesInput;
  reason: string;
  created_by: string;
  created_at: Date;
}

interface OverrideRow {
  id: string;
  date: string;
  kind: OverrideKind;
  name: string;
  source: string;
  created_by: string;
  created_at: Date;
}

/**
 * Deadline policies per locality and the working calendar, read from the service database. All of it is
 * small, so each instance keeps it in memory: reloaded after its own writes at once and after the
 * cache time (30 s) for writes made through other instances.
 */
@Injectable()
export class PolicyService implements DeadlineRulesSource {
  private snapshot?: Promise<Snapshot>;
  private loadedAt = 0;
  private lastCalendar?: HolidayCalendar;
  private readonly ttlMs: number;

  constructor(
    private readonly ds: DataSource,
    private readonly units: AdminUnits,
    @Optional() @Inject(POLICY_CACHE_TTL_MS) ttlMs?: number,
  ) {
    this.ttlMs = ttlMs ?? DEFAULT_TTL_MS;
  }

  /** The policy in force for a commune at an instant (commune, then province, then VN, then the default). */
  async resolve(communeCode: string, provinceCode: string, at: string): Promise<DeadlinePolicy> {
    const { policies } = await this.current();
    return toDeadlinePolicy(resolvePolicy(policies, communeCode, provinceCode, at));
  }

  /** The working calendar: date-holidays, the seed overrides, and the overrides admins added. */
  async calendar(): Promise<HolidayCalendar> {
    return (await this.current()).calendar;
  }

  /** What a command needs to compute its deadlines (cases' DEADLINE_RULES). */
  async rulesFor(
    communeCode: string,
    provinceCode: string,
    at: string,
  ): Promise<{ policy: DeadlinePolicy; calendar: WorkingCalendar }> {
    const { policies, calendar } = await this.current();
    return { policy: toDeadlinePolicy(resolvePolicy(policies, communeCode, provinceCode, at)), calendar };
  }

  /** Policies, newest first; with a scope, only that scope's. The built-in default is listed under VN. */
  async list(scope?: string): Promise<PolicyRecord[]> {
    const { policies } = await this.current();
    return [...policies, NATIONAL_DEFAULT_RECORD]
      .filter((p) => scope === undefined || p.scope === scope)
      .sort(
        (a, b) =>
          b.effectiveFrom.localeCompare(a.effectiveFrom) ||
          b.createdAt.localeCompare(a.createdAt) ||
          a.scope.localeCompare(b.scope),
      );
  }

  /** Any version ever recorded on a deadline, including the built-in default. */
  async get(version: string): Promise<PolicyRecord> {
    if (version === NATIONAL_DEFAULT_RECORD.version) return NATIONAL_DEFAULT_RECORD;
    const cached = (await this.current()).policies.find((p) => p.version === version);
    // Made by another instance less than the cache time ago: ask the database rather than answer 404.
    const found =
      cached ??
      (
        await this.ds.query<PolicyRow[]>(`SELECT * FROM cw_deadline_policies WHERE version = $1`, [version])
      ).map(toPolicy)[0];
    if (!found) {
      throw new DomainError('POLICY.NOT_FOUND', `There is no deadline policy ${version}.`, 'not_found');
    }
    return found;
  }

  /**
   * Records a new policy version. The caller must be an admin of the scope (checked here against the
   * token's units; the role by the route).
   */
  async create(user: AuthUser, input: NewPolicy, now = new Date().toISOString()): Promise<PolicyRecord> {
    checkScope(input.scope, this.units);
    checkScopeWithinUnits(input.scope, user.units, this.units);
    validatePolicyValues(input.values);
    checkNotRetroactive(input.effectiveFrom, now);
    const effectiveFrom = new Date(input.effectiveFrom).toISOString();
    const values = {
      ...Object.fromEntries(VALUE_FIELDS.map((f) => [f, input.values[f]])),
      // Stored with the version, so the rule a closure recorded can always be shown.
      retentionDaysAfterClosure: input.values.retentionDaysAfterClosure ?? DEFAULT_RETENTION_DAYS,
    };
    // Two admins may take the same name at once: the primary key decides, the loser takes the next suffix.
    for (let attempt = 0; attempt < 5; attempt++) {
      const taken = await this.ds.query<Array<{ version: string }>>(
        `SELECT version FROM cw_deadline_policies WHERE version LIKE $1`,
        [`${input.scope}@%`],
      );
      const version = policyVersion(input.scope, effectiveFrom, new Set(taken.map((r) => r.version)));
      try {
        const [row] = await this.ds.query<PolicyRow[]>(
          `INSERT INTO cw_deadline_policies (version, scope, effective_from, "values", reason, created_by)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
          [version, input.scope, effectiveFrom, JSON.stringify(values), input.reason, user.sub],
        );
        this.invalidate();
        return toPolicy(row);
      } catch (err) {
        if ((err as { code?: string }).code !== '23505') throw err;
      }
    }
    throw new DomainError(
      'POLICY.VERSION_EXISTS',
      'Another policy for this scope and date was being recorded at the same time; send the request again.',
      'conflict',
    );
  }

  /** Each date from `from` to `to` (local dates, both included) with whether it is a working day. */
  async workingDays(from: string, to: string): Promise<{ calendarVersion: string; days: CalendarDay[] }> {
    for (const [field, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (!isLocalDate(value)) {
        throw new DomainError(
          'CALENDAR.INVALID_DATE',
          `${field} must be a real date YYYY-MM-DD.`,
          'invalid',
          {
            field,
          },
        );
      }
    }
    const count = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
    if (count < 1 || count > MAX_CALENDAR_DAYS) {
      throw new DomainError(
        'CALENDAR.INVALID_RANGE',
        `from must not be after to, and the range may cover at most ${MAX_CALENDAR_DAYS} days; ask for several ranges.`,
        'invalid',
        { field: count < 1 ? 'from' : 'to' },
      );
    }
    const calendar = await this.calendar();
    return { calendarVersion: calendar.version, days: calendar.days(from, to) };
  }

  /** The overrides in force (seed and admin) and every admin row, newest first. */
  async overrides(year?: number): Promise<{
    calendarVersion: string;
    inForce: OverrideInForce[];
    history: OverrideRecord[];
  }> {
    const { overrides, calendar } = await this.current();
    const latestAdmin = new Map(overrides.map((o) => [o.date, o]));
    const inYear = (date: string) => year === undefined || date.startsWith(`${year}-`);
    const inForce: OverrideInForce[] = calendar.overrides
      .filter((o) => inYear(o.date))
      .map((o) => {
        const admin = latestAdmin.get(o.date);
        return admin
          ? { ...o, origin: 'admin', id: admin.id, createdBy: admin.createdBy, createdAt: admin.createdAt }
          : { ...o, origin: 'seed' };
      });
    return {
      calendarVersion: calendar.version,
      inForce,
      history: overrides.filter((o) => inYear(o.date)).reverse(),
    };
  }

  /** Records a Government decision about one date; only a national admin may (the calendar is national). */
  async addOverride(
    user: AuthUser,
    input: CalendarOverride,
  ): Promise<{ override: OverrideRecord; calendarVersion: string }> {
    if (!user.units.includes('VN')) {
      throw new DomainError(
        'CALENDAR.NATIONAL_ADMIN_ONLY',
        'The working calendar is national: an administrator acting for VN records its overrides.',
        'forbidden',
      );
    }
    const problems = overrideProblems(input);
    if (problems.length) {
      throw new DomainError(
        'CALENDAR.INVALID_OVERRIDE',
        `Correct the override: ${problems.join('; ')}.`,
        'invalid',
      );
    }
    if (input.kind === 'cleared') {
      const fresh = await this.load();
      if (!fresh.calendar.overrides.some((o) => o.date === input.date)) {
        throw new DomainError(
          'CALENDAR.NOTHING_TO_CLEAR',
          `${input.date} has no override in force; there is nothing to clear.`,
          'precondition',
        );
      }
    }
    const [row] = await this.ds.query<OverrideRow[]>(
      `INSERT INTO cw_calendar_overrides (date, kind, name, source, created_by)
       VALUES ($1, $2, $3, $4, $5)
       RETURNING id::text, to_char(date, 'YYYY-MM-DD') AS date, kind, name, source, created_by, created_at`,
      [input.date, input.kind, input.name.trim(), input.source.trim(), user.sub],
    );
    this.invalidate();
    const calendar = await this.calendar();
    return { override: toOverride(row), calendarVersion: calendar.version };
  }

  /** Forget what was read; the next call reads the database again. */
  invalidate(): void {
    this.snapshot = undefined;
  }

  private current(): Promise<Snapshot> {
    if (!this.snapshot || Date.now() - this.loadedAt >= this.ttlMs) {
      this.loadedAt = Date.now();
      const loading = this.load();
      this.snapshot = loading;
      // A failed read is not cached: the next call tries again.
      void loading.catch(() => {
        if (this.snapshot === loading) this.snapshot = undefined;
      });
    }
    return this.snapshot;
  }

  private async load(): Promise<Snapshot> {
    const [policies, overrides] = await Promise.all([
      this.ds.query<PolicyRow[]>(`SELECT * FROM cw_deadline_policies ORDER BY effective_from, created_at`),
      this.ds.query<OverrideRow[]>(
        `SELECT id::text, to_char(date, 'YYYY-MM-DD') AS date, kind, name, source, created_by, created_at
         FROM cw_calendar_overrides ORDER BY id`,
      ),
    ]);
    const records = overrides.map(toOverride);
    let calendar = new HolidayCalendar(records, SEED_OVERRIDES);
    // Same overrides as before: keep the instance whose years are already computed.
    if (this.lastCalendar?.version === calendar.version) calendar = this.lastCalendar;
    this.lastCalendar = calendar;
    return { policies: policies.map(toPolicy), overrides: records, calendar };
  }
}

function toPolicy(r: PolicyRow): PolicyRecord {
  return {
    version: r.version,
    scope: r.scope,
    initialAssessmentHours: r.values.initialAssessmentHours,
    detailedAssessmentWorkingDays: r.values.detailedAssessmentWorkingDays ?? null,
    planDraftWorkingDays: r.values.planDraftWorkingDays,
    planApprovalWorkingDays: r.values.planApprovalWorkingDays,
    separationMaxDays: r.values.separationMaxDays,
    reviewIntervalDays: r.values.reviewIntervalDays,
    // Versions recorded before retention was policy keep the national default.
    retentionDaysAfterClosure: r.values.retentionDaysAfterClosure ?? DEFAULT_RETENTION_DAYS,
    effectiveFrom: r.effective_from.toISOString(),
    reason: r.reason,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
  };
}

function toOverride(r: OverrideRow): OverrideRecord {
  return {
    id: r.id,
    date: r.date,
    kind: r.kind,
    name: r.name,
    source: r.source,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
  };
}
