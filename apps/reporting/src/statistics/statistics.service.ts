import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@cp/contracts';
import type { Sql } from '@cp/event-store';
import { unitCondition } from '../jurisdiction';
import {
  AGE_GROUPS,
  DEFAULT_INDICATORS,
  indicatorProblems,
  type Dimension,
  type FilterColumn,
  type IndicatorDefinition,
} from './indicators';

export interface StatisticsQuery {
  unit: string;
  from: string;
  to: string;
  /** Only what the source had recorded by this instant ("as known at"); default now. */
  asKnownAt?: string;
  codes?: string[];
}

export interface IndicatorResult {
  code: string;
  name: { vi: string; en: string };
  counts: string;
  basis: string;
  subject: IndicatorDefinition['subject'];
  total: number;
  /** Per disaggregation, the count of each value (`unknown` where the source did not say). */
  by: Partial<Record<Dimension, Array<{ value: string; count: number }>>>;
}

export interface StatisticsResult {
  unit: string;
  from: string;
  to: string;
  asKnownAt: string;
  indicators: IndicatorResult[];
}

/** What makes a subject one subject; child keys compare byte-wise (C collation): much faster to sort. */
const SUBJECT_EXPR: Record<IndicatorDefinition['subject'], string | null> = {
  child: 'child_key COLLATE "C"',
  case: 'case_id',
  contact: 'contact_id',
  fact: null,
};

const SUBJECT_COLUMN: Record<IndicatorDefinition['subject'], string | null> = {
  child: 'child_key',
  case: 'case_id',
  contact: 'contact_id',
  fact: null,
};

const AGE_GROUP_EXPR = `CASE ${AGE_GROUPS.map(
  (g) => `WHEN age_years BETWEEN ${g.from} AND ${g.to} THEN '${g.code}'`,
).join(' ')} ELSE 'unknown' END`;

const DIMENSION_EXPR: Record<Dimension, string> = {
  sex: 'sex',
  age_group: AGE_GROUP_EXPR,
  setting: 'setting',
  form: 'form',
  category: 'category',
  level: 'level',
  province: 'province_code',
  commune: 'commune_code',
  channel: 'channel',
  purpose: 'purpose',
  issue: 'issue',
  deadline_kind: 'deadline_kind',
  outcome: 'outcome',
};

const FILTER_TYPE: Record<FilterColumn, 'text' | 'bool'> = {
  abused: 'bool',
  level: 'text',
  category: 'text',
  outcome: 'text',
  purpose: 'text',
  channel: 'text',
  deadline_kind: 'text',
  form: 'text',
  setting: 'text',
  sex: 'text',
  issue: 'text',
};

/**
 * Computes indicators over any period and unit from the facts table. Each subject (child, case,
 * contact) counts once per indicator and period, under the last fact of the period that selected it,
 * so the disaggregations of a total add up to it.
 */
@Injectable()
export class StatisticsService implements OnApplicationBootstrap {
  constructor(private readonly ds: DataSource) {}

  /** The shipped definitions are added when missing; an admin's changes to them are kept. */
  async onApplicationBootstrap(): Promise<void> {
    await this.seed(this.ds);
  }

  async seed(sql: Sql): Promise<void> {
    await sql.query(
      `INSERT INTO rm_indicators (code, definition, updated_by)
       SELECT code, definition, 'system' FROM unnest($1::text[], $2::jsonb[]) AS x(code, definition)
       ON CONFLICT (code) DO NOTHING`,
      [DEFAULT_INDICATORS.map((d) => d.code), DEFAULT_INDICATORS.map((d) => JSON.stringify(d))],
    );
  }

  async definitions(sql: Sql = this.ds): Promise<IndicatorDefinition[]> {
    const rows: Array<{ definition: IndicatorDefinition }> = await sql.query(
      `SELECT definition FROM rm_indicators ORDER BY code`,
    );
    return rows.map((r) => r.definition);
  }

  async define(def: IndicatorDefinition, actorId: string): Promise<IndicatorDefinition> {
    const problems = indicatorProblems(def);
    if (problems.length) {
      throw new DomainError(
        'INDICATOR.INVALID',
        `The indicator definition is not valid: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}.`,
        'invalid',
        { errors: problems },
      );
    }
    await this.ds.query(
      `INSERT INTO rm_indicators (code, definition, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (code) DO UPDATE SET definition = excluded.definition, updated_at = now(), updated_by = excluded.updated_by`,
      [def.code, JSON.stringify(def), actorId],
    );
    return def;
  }

  async compute(q: StatisticsQuery, sql: Sql = this.ds): Promise<StatisticsResult> {
    const asKnownAt = q.asKnownAt ?? new Date().toISOString();
    let defs = await this.definitions(sql);
    if (q.codes?.length) {
      const unknown = q.codes.filter((c) => !defs.some((d) => d.code === c));
      if (unknown.length) {
        throw new DomainError(
          'STATISTICS.UNKNOWN_INDICATOR',
          `Unknown indicator: ${unknown.join(', ')}.`,
          'invalid',
          {
            errors: [{ field: 'indicators', message: `unknown: ${unknown.join(', ')}` }],
          },
        );
      }
      defs = defs.filter((d) => q.codes!.includes(d.code));
    }
    const indicators = await Promise.all(
      defs.map((d) => this.slots.run(() => this.indicator(d, q, asKnownAt, sql))),
    );
    return { unit: q.unit, from: q.from, to: q.to, asKnownAt, indicators };
  }

  /**
   * Indicator queries running at once in this instance, whoever asked: each may sort with WORK_MEM, so the
   * memory a burst of statistics requests can take is bounded by INDICATOR_QUERIES_AT_ONCE × WORK_MEM,
   * not by the number of indicators times the number of requests.
   */
  private readonly slots = new Slots(INDICATOR_QUERIES_AT_ONCE);

  /**
   * One indicator's query. On the service's own connection pool it gets enough sort memory for a national
   * half-year (the once-per-subject rule sorts the period's facts by subject).
   */
  private async query(sql: Sql, text: string, params: unknown[]): Promise<Array<Record<string, unknown>>> {
    if (sql !== this.ds) return sql.query(text, params) as Promise<Array<Record<string, unknown>>>;
    return this.ds.transaction(async (m) => {
      await m.query(`SET LOCAL work_mem = '${WORK_MEM}'`);
      return m.query<Array<Record<string, unknown>>>(text, params);
    });
  }

  private async indicator(
    def: IndicatorDefinition,
    q: StatisticsQuery,
    asKnownAt: string,
    sql: Sql,
  ): Promise<IndicatorResult> {
    const params: unknown[] = [def.facts, q.from, q.to, asKnownAt];
    const where = [
      'fact = ANY($1::text[])',
      'occurred_at >= $2',
      'occurred_at < $3',
      'recorded_at <= $4',
      '(excluded_from IS NULL OR excluded_from > $4)',
    ];
    where.push(unitCondition(q.unit, params));
    for (const [col, values] of Object.entries(def.where ?? {}) as Array<[FilterColumn, unknown[]]>) {
      params.push(values);
      where.push(`${col} = ANY($${params.length}::${FILTER_TYPE[col]}[])`);
    }
    const subject = SUBJECT_EXPR[def.subject];
    const column = SUBJECT_COLUMN[def.subject];
    if (column) where.push(`${column} IS NOT NULL`);
    const dims = def.dimensions;
    // Only the columns the answer needs are read (the covering index answers without the table).
    const dimSelect = dims.length
      ? dims.map((d, i) => `coalesce((${DIMENSION_EXPR[d]})::text, 'unknown') AS d${i}`).join(', ')
      : '1 AS one';
    const picked = subject
      ? `SELECT DISTINCT ON (${subject}) ${dimSelect} FROM rm_stat_facts WHERE ${where.join(' AND ')}
         ORDER BY ${subject}, occurred_at DESC, event_id DESC, seq DESC`
      : `SELECT ${dimSelect} FROM rm_stat_facts WHERE ${where.join(' AND ')}`;
    const sets = ['()', ...dims.map((_, i) => `(d${i})`)].join(', ');
    const grouping = dims.length ? `, ${dims.map((_, i) => `GROUPING(d${i}) AS g${i}`).join(', ')}` : '';
    const rows = await this.query(
      sql,
      `WITH picked AS (${picked})
       SELECT ${dims.map((_, i) => `d${i}`).join(', ')}${dims.length ? ',' : ''} count(*)::int AS n${grouping}
       FROM picked GROUP BY GROUPING SETS (${sets})`,
      params,
    );
    const by: IndicatorResult['by'] = {};
    let total = 0;
    for (const r of rows) {
      const dimIndex = dims.findIndex((_, i) => Number(r[`g${i}`]) === 0);
      if (dimIndex < 0) {
        total = Number(r.n);
        continue;
      }
      const list = (by[dims[dimIndex]] ??= []);
      list.push({ value: String(r[`d${dimIndex}`]), count: Number(r.n) });
    }
    for (const list of Object.values(by))
      list?.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    for (const d of dims) by[d] ??= [];
    return {
      code: def.code,
      name: def.name,
      counts: def.counts,
      basis: def.basis,
      subject: def.subject,
      total,
      by,
    };
  }
}

/** Sort memory of one indicator query, and how many run at once per instance (see `slots`). */
const WORK_MEM = '64MB';
const INDICATOR_QUERIES_AT_ONCE = 2;

/** At most `size` tasks at a time; the others wait their turn in order. */
class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(size: number) {
    this.free = size;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((r) => this.waiting.push(r));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}
