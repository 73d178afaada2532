import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AdminUnits } from '@cp/admin-units';
import type { IntegrationEnvelope } from '@cp/contracts';
import { REPORTING_MIGRATIONS } from '../apps/reporting/src/migrations';
import { LIVE } from '../apps/reporting/src/projections/projection';
import { syntheticCaseEvents } from '../apps/reporting/src/projections/synthetic-events';
import { buildPeriodicReport } from '../apps/reporting/src/reports/report-builder';
import { renderDocx } from '../apps/reporting/src/reports/render/docx';
import { renderXlsx } from '../apps/reporting/src/reports/render/xlsx';
import { communeResolver } from '../apps/reporting/src/statistics/commune-resolver';
import { parsePeriod, previousYear } from '../apps/reporting/src/statistics/period';
import { StatisticsProjection } from '../apps/reporting/src/statistics/statistics.projection';
import { StatisticsService } from '../apps/reporting/src/statistics/statistics.service';
import { freshDatabase } from './lib';

/**
 * `node dist/bench/sample-report.js <dir>`: folds synthetic case histories of Hà Nội's communes (two
 * years) into a fresh statistics model and writes the province's 2026 half-year report as DOCX and XLSX,
 * to look at the output without a running stack. The figures are synthetic.
 */
async function main(): Promise<void> {
  const out = process.argv[2] ?? '.';
  const units = AdminUnits.load();
  const communes = units.communes
    .filter((c) => c.parent === '01')
    .map((c) => ({ commune: c.code, province: '01' }));
  const db = await freshDatabase('sample');
  const ds = new DataSource({
    type: 'postgres',
    url: db.url,
    migrations: REPORTING_MIGRATIONS,
    logging: false,
  });
  await ds.initialize();
  try {
    await ds.runMigrations();
    const projection = new StatisticsProjection(communeResolver(units));
    const events: IntegrationEnvelope[] = [
      ...syntheticCaseEvents({
        cases: 600,
        communes,
        from: new Date('2025-01-01'),
        to: new Date('2026-06-30'),
        seed: 11,
      }),
    ];
    await ds.transaction((sql) => projection.applyBatch(events, sql, LIVE));
    const stats = new StatisticsService(ds);
    await stats.seed(ds);
    const period = parsePeriod('2026-H1');
    const comparison = previousYear(period);
    const asKnownAt = '2026-07-05T10:00:00.000Z';
    const report = buildPeriodicReport({
      unit: { code: '01', name: 'Thành phố Hà Nội', level: 'province', parentName: null },
      period,
      comparison,
      current: await stats.compute({ unit: '01', from: period.from, to: period.to, asKnownAt }),
      previous: await stats.compute({ unit: '01', from: comparison.from, to: comparison.to, asKnownAt }),
      carriedOver: { open: 0, overdue: 0 },
      unitName: (code) => units.get(code)?.name ?? code,
      generatedAt: asKnownAt,
    });
    writeFileSync(join(out, 'bao-cao-01-2026-H1.docx'), await renderDocx(report));
    writeFileSync(join(out, 'bao-cao-01-2026-H1.xlsx'), await renderXlsx(report));
  } finally {
    await ds.destroy();
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
