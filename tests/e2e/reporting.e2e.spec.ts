// Reporting end to end: a hotline referral and a commune's own case flow through Kafka into reporting,
// whose dashboard, statistics and periodic report (JSON, DOCX, XLSX, CSV) show them; a province officer
// from elsewhere is refused; an admin rebuilds the statistics and the caseload while the stack runs and
// every figure stays exactly what it was. The stack is fresh, so every figure is known exactly: a
// projection that counts a child twice, or a rebuild that adds to what it replaces, fails here.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { eventually } from '@cp/testing';
import { recordAndRefer, reportBody } from './support/api';
import { Stack, expectStatus, token } from './support/stack';

jest.setTimeout(180_000);

const POLL = { timeoutMs: 60_000, intervalMs: 250 };
const COMMUNE = '00004'; // Phường Ba Đình, Hà Nội
const PROVINCE = '01';

let stack: Stack;

interface Stats {
  indicators: Array<{
    code: string;
    total: number;
    by: Record<string, Array<{ value: string; count: number }>>;
  }>;
}

beforeAll(async () => {
  stack = await Stack.start({ name: 'reporting' });
});

afterAll(async () => {
  await stack?.stop();
});

async function download(
  path: string,
  bearer: string,
): Promise<{ status: number; type: string; body: Buffer }> {
  const res = await fetch(`http://127.0.0.1:${stack.reporting.port}${path}`, {
    headers: { authorization: `Bearer ${bearer}` },
  });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: Buffer.from(await res.arrayBuffer()),
  };
}

it('a referral and a direct case show in the dashboard, the statistics and the half-year report', async () => {
  const counsellor = await token('hotline_counsellor', ['VN']);
  const worker = await token('commune_worker', [COMMUNE], 'worker-rep');
  const officer = await token('provincial_officer', [PROVINCE]);
  const elsewhere = await token('provincial_officer', ['79']);
  const year = new Date().getUTCFullYear();
  const half = new Date().getUTCMonth() < 6 ? 'H1' : 'H2';
  const period = `${year}-${half}`;

  const readStatistics = async (tok: string) =>
    expectStatus(
      await stack.reporting.get<Stats>(
        `/api/v1/statistics?unit=${PROVINCE}&period=${period}&indicators=0101,HL-REFERRALS`,
        { token: tok },
      ),
      200,
      'statistics',
    ).body;
  const readDashboard = async (tok: string) =>
    expectStatus(
      await stack.reporting.get<{
        openCases: { total: number; byStepAndLevel: Array<{ step: string; level: string; count: number }> };
        units: Array<{ code: string; open: number; total: number }>;
      }>(`/api/v1/dashboard?unit=${PROVINCE}`, { token: tok }),
      200,
      'dashboard',
    ).body;
  const readCaseload = async (tok: string, filter = '') =>
    expectStatus(
      await stack.reporting.get<{ items: Array<{ caseId: string }> }>(
        `/api/v1/cases?unit=${COMMUNE}&limit=500${filter}`,
        { token: tok },
      ),
      200,
      'caseload',
    ).body;

  const before = await readStatistics(officer);
  const total = (s: Stats, code: string) => s.indicators.find((i) => i.code === code)!.total;
  // A fresh stack: nothing is counted yet.
  expect(total(before, '0101')).toBe(0);
  expect(total(before, 'HL-REFERRALS')).toBe(0);

  const contact = await recordAndRefer(stack.intake, counsellor, COMMUNE, {
    ...reportBody({ childName: 'Nguyễn Thị Lan' }),
    setting: 'family',
  });
  const direct = expectStatus(
    await stack.casework.post<{ id: string }>(
      '/api/v1/cases',
      {
        incidentCommuneCode: COMMUNE,
        receivedAt: new Date(Date.now() - 60_000).toISOString(),
        concerns: ['sexual_abuse'],
        category: 'abused',
        setting: 'online',
        urgent: true,
        children: [{ sex: 'male', ageYears: 13 }],
        currentCondition: 'Em đang ở nhà bà ngoại.',
        expectedWithoutHelp: 'Có nguy cơ bị tiếp tục quấy rối qua mạng.',
        actionsTaken: 'Đã báo công an xã.',
      },
      { token: worker },
    ),
    201,
    'open a direct case',
  ).body;

  // Both reach reporting: two abused children in the province (one per case), one referral.
  const after = await eventually(
    async () => {
      const s = await readStatistics(officer);
      // Waits for both to arrive; what arrived is then checked exactly (a double count passes this wait).
      return total(s, '0101') >= 2 && total(s, 'HL-REFERRALS') >= 1 ? s : undefined;
    },
    { ...POLL, what: 'the new children in the statistics' },
  );
  expect(total(after, '0101')).toBe(2);
  expect(total(after, 'HL-REFERRALS')).toBe(1);
  const setting = Object.fromEntries(
    after.indicators
      .find((i) => i.code === '0101')!
      .by.setting.filter((x) => x.count > 0)
      .map((x) => [x.value, x.count]),
  );
  expect(setting).toEqual({ online: 1, family: 1 });

  const dashboard = await readDashboard(officer);
  expect(dashboard.openCases.total).toBe(2);
  expect(dashboard.units.find((u) => u.code === COMMUNE)?.open).toBe(2);

  const list = await readCaseload(worker, '&form=sexual_abuse');
  expect(list.items.map((i) => i.caseId)).toEqual([direct.id]);
  const caseload = await readCaseload(worker);
  expect(caseload.items).toHaveLength(2);
  expect(caseload.items.map((i) => i.caseId)).toContain(direct.id);

  // Out of jurisdiction: another province's officer cannot read Hà Nội's figures or report.
  const refused = await stack.reporting.get(`/api/v1/reports/periodic?unit=${PROVINCE}&period=${period}`, {
    token: elsewhere,
  });
  expect(refused.status).toBe(403);

  const json = expectStatus(
    await stack.reporting.get<{
      sections: Array<{ number: string }>;
      annexes: Array<{ id: string; rows: Array<Record<string, unknown>> }>;
    }>(`/api/v1/reports/periodic?unit=${PROVINCE}&period=${period}`, { token: officer }),
    200,
    'report as JSON',
  ).body;
  expect(json.sections.map((s) => s.number)).toEqual(['I', 'II', 'III', 'IV']);
  const reported = Number(
    json.annexes.find((a) => a.id === 'PL01')!.rows.find((r) => r.code === '0101')!.current,
  );
  expect(reported).toBe(2);

  const docx = await download(
    `/api/v1/reports/periodic?unit=${PROVINCE}&period=${period}&format=docx`,
    officer,
  );
  expect(docx.status).toBe(200);
  expect(docx.type).toContain('wordprocessingml');
  const xml = await (await JSZip.loadAsync(docx.body)).file('word/document.xml')!.async('string');
  expect(xml).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  expect(xml).toContain('Thành phố Hà Nội'.toUpperCase());
  expect(xml).toContain('Công tác bảo vệ trẻ em ở 3 cấp độ');
  expect(xml).not.toContain('Nguyễn Thị Lan');

  const xlsx = await download(
    `/api/v1/reports/periodic?unit=${PROVINCE}&period=${period}&format=xlsx`,
    officer,
  );
  expect(xlsx.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
  const values: unknown[] = [];
  book.eachSheet((sheet) => sheet.eachRow((row) => values.push(...(row.values as unknown[]))));
  expect(values).toContain('0101');
  expect(values).toContain(reported);

  const csv = await download(
    `/api/v1/reports/periodic?unit=${PROVINCE}&period=${period}&format=csv`,
    officer,
  );
  expect(csv.status).toBe(200);
  expect(csv.body.toString('utf8')).toContain('PL01');

  // A rebuild of the statistics and of the caseload (the list and the dashboard) while the stack runs gives
  // exactly the same figures, not more.
  const admin = await token('admin', ['VN']);
  const projections = expectStatus(
    await stack.reporting.get<{ items: string[] }>('/api/v1/admin/projections', { token: admin }),
    200,
    'list the projections',
  ).body.items;
  expect(projections).toEqual(expect.arrayContaining(['statistics', 'caseload']));
  for (const name of ['statistics', 'caseload']) {
    expectStatus(
      await stack.reporting.post(`/api/v1/admin/projections/${name}/rebuild`, {}, { token: admin }),
      202,
      `start a rebuild of ${name}`,
    );
    await eventually(
      async () => {
        const p = (
          await stack.reporting.get<{ state: string }>(`/api/v1/admin/projections/${name}/rebuild`, {
            token: admin,
          })
        ).body;
        if (p.state === 'failed') throw new Error(`rebuild of ${name} failed`);
        return p.state === 'done' ? p : undefined;
      },
      { ...POLL, what: `the rebuild of ${name} to finish` },
    );
  }
  const rebuilt = await readStatistics(officer);
  expect(total(rebuilt, '0101')).toBe(2);
  expect(total(rebuilt, 'HL-REFERRALS')).toBe(1);
  expect(rebuilt.indicators).toEqual(after.indicators);
  // The dashboard's counts (its period and what is overdue move with the clock).
  const counts = (d: typeof dashboard) => ({
    open: d.openCases.total,
    byStepAndLevel: d.openCases.byStepAndLevel.map(({ step, level, count }) => ({ step, level, count })),
    units: d.units.map(({ code, open, total: all }) => ({ code, open, total: all })),
  });
  expect(counts(await readDashboard(officer))).toEqual(counts(dashboard));
  const relisted = await readCaseload(worker);
  expect(relisted.items.map((i) => i.caseId).sort()).toEqual(caseload.items.map((i) => i.caseId).sort());
  expect(contact.id).toBeTruthy();
});

it('an indicator definition is a whitelisted body: an unknown field is a 400 naming it, a valid one is kept', async () => {
  const admin = await token('admin', ['VN']);
  const definition = {
    code: 'E2E-ONLINE',
    name: { vi: 'Số trẻ em bị xâm hại trên mạng', en: 'Children abused online' },
    counts: 'Children reported abused online, each child once.',
    basis: 'Circular 13/2021/TT-BLĐTBXH, indicator 0101 (online setting)',
    facts: ['child_reported'],
    subject: 'child',
    where: { abused: [true], setting: ['online'] },
    dimensions: ['sex', 'age_group'],
  };
  const unknown = await stack.reporting.request<{ code: string; errors: Array<{ field: string }> }>(
    'PUT',
    '/api/v1/indicators/E2E-ONLINE',
    { ...definition, sqlFilter: '1=1' },
    { token: admin },
  );
  expect(unknown.status).toBe(400);
  expect(unknown.body.code).toBe('REQUEST.VALIDATION_FAILED');
  expect(unknown.body.errors.map((e) => e.field)).toEqual(['sqlFilter']);
  const badFilter = await stack.reporting.request<{ errors: Array<{ field: string }> }>(
    'PUT',
    '/api/v1/indicators/E2E-ONLINE',
    { ...definition, where: { colour: ['red'] }, subject: 'household' },
    { token: admin },
  );
  expect(badFilter.status).toBe(400);
  expect(badFilter.body.errors.map((e) => e.field).sort()).toEqual(['subject', 'where.colour']);
  const kept = await stack.reporting.request('PUT', '/api/v1/indicators/E2E-ONLINE', definition, {
    token: admin,
  });
  expectStatus(kept, 200, 'define the indicator');
  const listed = expectStatus(
    await stack.reporting.get<{ items: Array<{ code: string }> }>('/api/v1/indicators', { token: admin }),
    200,
    'list the indicators',
  ).body.items;
  expect(listed.find((i) => i.code === 'E2E-ONLINE')).toEqual(definition);
});
