import { DomainError } from '@cp/contracts';

export interface Period {
  kind: 'half_year' | 'year' | 'custom';
  year: number;
  /** Inclusive start and exclusive end, instants (Viet Nam time, UTC+7, for calendar periods). */
  from: string;
  to: string;
  label: string;
}

const vnMidnight = (y: number, m: number): string => new Date(Date.UTC(y, m - 1, 1, -7)).toISOString();

/**
 * The years a statistic can be asked for (the Law on Children is of 2016; a century ahead is far enough),
 * and the longest custom period: every statistic scans its period, so the period bounds the work.
 */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;
const MAX_CUSTOM_DAYS = 1827;

/**
 * A reporting period: `2026-H1` (first half-year), `2026-H2`, `2026` (the year), or a custom range
 * `from`/`to`. Calendar periods start at midnight in Viet Nam.
 */
export function parsePeriod(period: string | undefined, from?: string, to?: string): Period {
  if (period) {
    const m = /^(\d{4})(?:-H([12]))?$/.exec(period);
    if (!m) {
      throw new DomainError(
        'REPORTING.INVALID_PERIOD',
        'period must look like 2026, 2026-H1 or 2026-H2.',
        'invalid',
        {
          errors: [{ field: 'period', message: 'must be YYYY, YYYY-H1 or YYYY-H2' }],
        },
      );
    }
    const year = Number(m[1]);
    if (year < FIRST_YEAR || year > LAST_YEAR) {
      throw new DomainError(
        'REPORTING.INVALID_PERIOD',
        `period: the year must be between ${FIRST_YEAR} and ${LAST_YEAR}.`,
        'invalid',
        { errors: [{ field: 'period', message: `must be a year from ${FIRST_YEAR} to ${LAST_YEAR}` }] },
      );
    }
    if (!m[2])
      return {
        kind: 'year',
        year,
        from: vnMidnight(year, 1),
        to: vnMidnight(year + 1, 1),
        label: `năm ${year}`,
      };
    const first = m[2] === '1';
    return {
      kind: 'half_year',
      year,
      from: first ? vnMidnight(year, 1) : vnMidnight(year, 7),
      to: first ? vnMidnight(year, 7) : vnMidnight(year + 1, 1),
      label: first ? `6 tháng đầu năm ${year}` : `6 tháng cuối năm ${year}`,
    };
  }
  if (!from || !to) {
    throw new DomainError(
      'REPORTING.INVALID_PERIOD',
      'Give a period (2026-H1, 2026) or both from and to.',
      'invalid',
      {
        errors: [{ field: from ? 'to' : 'from', message: 'is required without period' }],
      },
    );
  }
  const f = Date.parse(from);
  const t = Date.parse(to);
  if (Number.isNaN(f) || Number.isNaN(t) || f >= t) {
    throw new DomainError(
      'REPORTING.INVALID_PERIOD',
      'from and to must be instants with from before to.',
      'invalid',
      {
        errors: [{ field: Number.isNaN(f) ? 'from' : 'to', message: 'must be an ISO instant after from' }],
      },
    );
  }
  if (
    t - f > MAX_CUSTOM_DAYS * 86_400_000 ||
    f < Date.UTC(FIRST_YEAR, 0, 1) ||
    t > Date.UTC(LAST_YEAR + 1, 0, 1)
  ) {
    throw new DomainError(
      'REPORTING.PERIOD_TOO_LONG',
      `A custom period spans at most ${MAX_CUSTOM_DAYS} days (five years), within ${FIRST_YEAR}–${LAST_YEAR}; ask for several periods instead.`,
      'invalid',
      { errors: [{ field: 'to', message: `must be at most ${MAX_CUSTOM_DAYS} days after from` }] },
    );
  }
  const fromIso = new Date(f).toISOString();
  const toIso = new Date(t).toISOString();
  return {
    kind: 'custom',
    year: new Date(f + 7 * 3600_000).getUTCFullYear(),
    from: fromIso,
    to: toIso,
    label: `từ ${fromIso.slice(0, 10)} đến ${toIso.slice(0, 10)}`,
  };
}

/** The same period one year earlier (the report's comparison). */
export function previousYear(p: Period): Period {
  const shift = (iso: string): string => {
    const d = new Date(iso);
    d.setUTCFullYear(d.getUTCFullYear() - 1);
    return d.toISOString();
  };
  if (p.kind === 'custom')
    return {
      ...p,
      year: p.year - 1,
      from: shift(p.from),
      to: shift(p.to),
      label: `cùng kỳ năm ${p.year - 1}`,
    };
  return parsePeriod(
    p.kind === 'year' ? `${p.year - 1}` : `${p.year - 1}-H${p.label.includes('đầu') ? 1 : 2}`,
  );
}
