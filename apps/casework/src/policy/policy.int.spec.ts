import { Global, Module, type INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AdminUnits } from '@cp/admin-units';
import { AuthGuard, JwtVerifier, mintToken, type AuthUser } from '@cp/auth';
import type { Role } from '@cp/contracts';
import { ProblemDetailsFilter, createLogger, strictValidationPipe } from '@cp/observability';
import { createTestDatabase, deadlinePolicyValues } from '@cp/testing';
import { NATIONAL_DEFAULT_POLICY, addWorkingDays } from '../domain/deadline-policy';
import { DeadlinePolicies1763900002000 } from './deadline-policies.migration';
import { PolicyModule } from './policy.module';
import { PolicyService, type NewPolicy } from './policy.service';

jest.setTimeout(60000);

const BA_DINH = '00004'; // Phường Ba Đình, Hà Nội (01)
const NGOC_HA = '00008'; // Phường Ngọc Hà, Hà Nội (01)
const THU_DAU_MOT = '25747'; // province 79
const SECRET = 'policy-int-spec-secret-0123456789';

const nationalAdmin: AuthUser = { sub: 'admin-vn', name: 'Admin', roles: ['admin'], units: ['VN'] };
const hanoiAdmin: AuthUser = { sub: 'admin-01', name: 'Admin HN', roles: ['admin'], units: ['01'] };

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ds: DataSource;
let units: AdminUnits;
let service: PolicyService;

// Policies take effect from today on, so the scenarios live in years no other test writes to.
let year = 2040;
const nextYear = () => year++;

const policy = (
  scope: string,
  effectiveFrom: string,
  over: Partial<NewPolicy['values']> = {},
): NewPolicy => ({
  scope,
  effectiveFrom,
  reason: 'test',
  values: deadlinePolicyValues({
    initialAssessmentHours: NATIONAL_DEFAULT_POLICY.initialAssessmentHours,
    ...over,
  }),
});

beforeAll(async () => {
  db = await createTestDatabase('policy');
  ds = await db.migrated([DeadlinePolicies1763900002000]);
  units = AdminUnits.load();
  service = new PolicyService(ds, units);
});

afterAll(async () => {
  if (ds?.isInitialized) await ds.destroy();
  await db?.drop();
});

describe('resolving the policy of a commune', () => {
  it('prefers the commune over the province over VN, each only once in effect', async () => {
    const y = nextYear();
    // Scopes no other test uses in this year: the province of Hà Nội and its communes.
    const vn = await service.create(
      nationalAdmin,
      policy('VN', `${y}-01-01T00:00:00+07:00`, { reviewIntervalDays: 60 }),
    );
    const hn = await service.create(
      hanoiAdmin,
      policy('01', `${y}-02-01T00:00:00+07:00`, { initialAssessmentHours: 10 }),
    );
    const bd = await service.create(
      hanoiAdmin,
      policy(BA_DINH, `${y}-03-01T00:00:00+07:00`, { initialAssessmentHours: 8 }),
    );
    expect([vn.version, hn.version, bd.version]).toEqual([
      `VN@${y}-01-01`,
      `01@${y}-02-01`,
      `${BA_DINH}@${y}-03-01`,
    ]);

    const at = (date: string) => `${date}T05:00:00Z`;
    expect(await service.resolve(BA_DINH, '01', at(`${y}-06-01`))).toMatchObject({
      version: bd.version,
      scope: BA_DINH,
      initialAssessmentHours: 8,
    });
    expect(await service.resolve(NGOC_HA, '01', at(`${y}-06-01`))).toMatchObject({
      version: hn.version,
      initialAssessmentHours: 10,
    });
    expect(await service.resolve(THU_DAU_MOT, '79', at(`${y}-06-01`))).toMatchObject({
      version: vn.version,
      reviewIntervalDays: 60,
    });
    // Before the commune's policy takes effect, the province's applies; before that, the national one.
    expect((await service.resolve(BA_DINH, '01', at(`${y}-02-15`))).version).toBe(hn.version);
    expect((await service.resolve(BA_DINH, '01', at(`${y}-01-15`))).version).toBe(vn.version);
    // The last instant before local midnight of 1 March is still February.
    const lastSecondOfFebruary = new Date(Date.parse(`${y}-03-01T00:00:00+07:00`) - 1000).toISOString();
    expect((await service.resolve(BA_DINH, '01', lastSecondOfFebruary)).version).toBe(hn.version);
    expect((await service.resolve(BA_DINH, '01', `${y}-03-01T00:00:00+07:00`)).version).toBe(bd.version);
  });

  it('returns only the decider’s fields', async () => {
    const p = await service.resolve(BA_DINH, '01', '2030-01-01T00:00:00Z');
    expect(Object.keys(p).sort()).toEqual(Object.keys(NATIONAL_DEFAULT_POLICY).sort());
  });

  it('takes the newest policy of a scope, and suffixes a version taken the same day', async () => {
    const y = nextYear();
    const first = await service.create(nationalAdmin, policy('VN', `${y}-05-01T00:00:00+07:00`));
    const second = await service.create(
      nationalAdmin,
      policy('VN', `${y}-05-01T08:00:00+07:00`, { planApprovalWorkingDays: 5 }),
    );
    expect(second.version).toBe(`${first.version}.2`);
    expect(await service.resolve(THU_DAU_MOT, '79', `${y}-05-01T00:30:00Z`)).toMatchObject({
      version: first.version,
    });
    expect(await service.resolve(THU_DAU_MOT, '79', `${y}-05-02T00:00:00Z`)).toMatchObject({
      version: second.version,
      planApprovalWorkingDays: 5,
    });
  });

  it('gives every version back, the built-in default included', async () => {
    const y = nextYear();
    const made = await service.create(hanoiAdmin, policy(NGOC_HA, `${y}-01-01T00:00:00+07:00`));
    expect(await service.get(made.version)).toEqual(made);
    expect(await service.get(NATIONAL_DEFAULT_POLICY.version)).toMatchObject(NATIONAL_DEFAULT_POLICY);
    expect((await service.list(NGOC_HA)).map((p) => p.version)).toContain(made.version);
    expect((await service.list('VN')).map((p) => p.version)).toContain(NATIONAL_DEFAULT_POLICY.version);
    await expect(service.get('nope@2040-01-01')).rejects.toMatchObject({ code: 'POLICY.NOT_FOUND' });
  });

  it('stores the retention period a locality sets, the national default when it sets none', async () => {
    const y = nextYear();
    const short = await service.create(
      hanoiAdmin,
      policy(NGOC_HA, `${y}-01-01T00:00:00+07:00`, { retentionDaysAfterClosure: 0 }),
    );
    const silent = await service.create(hanoiAdmin, policy('01', `${y}-01-01T00:00:00+07:00`));
    expect(short.retentionDaysAfterClosure).toBe(0);
    expect(silent.retentionDaysAfterClosure).toBe(1826);
    const [row] = await ds.query(`SELECT "values" FROM cw_deadline_policies WHERE version = $1`, [
      silent.version,
    ]);
    expect(row.values).toMatchObject({ retentionDaysAfterClosure: 1826 });
    expect(await service.resolve(NGOC_HA, '01', `${y}-02-01T00:00:00Z`)).toMatchObject({
      version: short.version,
      retentionDaysAfterClosure: 0,
    });
    // A version recorded before retention was policy reads as the national default.
    await ds.query(
      `INSERT INTO cw_deadline_policies (version, scope, effective_from, "values", reason, created_by)
       VALUES ($1, $2, $3, $4, 'before retention', 'admin')`,
      [
        `99999@${y}-01-01`,
        // a scope no commune has: nothing else resolves to it
        '99999',
        `${y}-01-01T00:00:00+07:00`,
        JSON.stringify(policy('99999', '').values),
      ],
    );
    service.invalidate();
    expect(await service.get(`99999@${y}-01-01`)).toMatchObject({ retentionDaysAfterClosure: 1826 });
    await expect(
      service.create(
        hanoiAdmin,
        policy(NGOC_HA, `${y}-02-01T00:00:00+07:00`, { retentionDaysAfterClosure: -1 }),
      ),
    ).rejects.toMatchObject({
      code: 'POLICY.VALUE_OUT_OF_RANGE',
      extra: { field: 'values.retentionDaysAfterClosure' },
    });
  });

  it('refuses a provincial admin outside the province, looser values and past dates', async () => {
    const y = nextYear();
    await expect(service.create(hanoiAdmin, policy('79', `${y}-01-01T00:00:00+07:00`))).rejects.toMatchObject(
      {
        code: 'POLICY.SCOPE_OUTSIDE_UNITS',
      },
    );
    await expect(
      service.create(nationalAdmin, policy('01', `${y}-01-01T00:00:00+07:00`, { separationMaxDays: 20 })),
    ).rejects.toMatchObject({ code: 'POLICY.VALUE_LOOSER_THAN_LAW' });
    await expect(
      service.create(nationalAdmin, policy('88', `${y}-01-01T00:00:00+07:00`)),
    ).rejects.toMatchObject({
      code: 'POLICY.UNKNOWN_SCOPE',
    });
    await expect(
      service.create(nationalAdmin, policy('VN', '2020-01-01T00:00:00+07:00')),
    ).rejects.toMatchObject({
      code: 'POLICY.RETROACTIVE',
    });
  });

  it('is seen by another instance after its cache time, and at once by the writing one', async () => {
    const y = nextYear();
    const other = new PolicyService(ds, units);
    const before = await other.resolve(THU_DAU_MOT, '79', `${y}-06-01T00:00:00Z`);
    const made = await service.create(nationalAdmin, policy('79', `${y}-01-01T00:00:00+07:00`));
    expect((await service.resolve(THU_DAU_MOT, '79', `${y}-06-01T00:00:00Z`)).version).toBe(made.version);
    // Within its cache time the other instance still answers from what it read…
    expect((await other.resolve(THU_DAU_MOT, '79', `${y}-06-01T00:00:00Z`)).version).toBe(before.version);
    // …but looks up an unknown version in the database, and reads everything again after the cache time.
    expect((await other.get(made.version)).version).toBe(made.version);
    const impatient = new PolicyService(ds, units, 0);
    expect((await impatient.resolve(THU_DAU_MOT, '79', `${y}-06-01T00:00:00Z`)).version).toBe(made.version);
  });
});

describe('append-only tables', () => {
  it('refuses UPDATE, DELETE and TRUNCATE of policies', async () => {
    const made = await service.create(nationalAdmin, policy('VN', `${nextYear()}-01-01T00:00:00+07:00`));
    await expect(
      ds.query(`UPDATE cw_deadline_policies SET reason = 'changed' WHERE version = $1`, [made.version]),
    ).rejects.toThrow(/append-only/);
    await expect(
      ds.query(`DELETE FROM cw_deadline_policies WHERE version = $1`, [made.version]),
    ).rejects.toThrow(/append-only/);
    await expect(ds.query(`TRUNCATE cw_deadline_policies`)).rejects.toThrow(/append-only/);
    expect((await service.get(made.version)).reason).toBe('test');
  });

  it('refuses UPDATE and DELETE of calendar overrides', async () => {
    await service.addOverride(nationalAdmin, {
      date: '2041-03-04',
      kind: 'day_off',
      name: 'x',
      source: 'test',
    });
    await expect(ds.query(`UPDATE cw_calendar_overrides SET kind = 'working_day'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(ds.query(`DELETE FROM cw_calendar_overrides`)).rejects.toThrow(/append-only/);
  });
});

describe('calendar overrides', () => {
  it('change calendar() at once: a bridge day, its withdrawal, and the version with them', async () => {
    const base = await service.calendar();
    // Friday 4 January 2047, an ordinary working day until a bridge day is decided.
    expect(base.isWorkingDay('2047-01-04')).toBe(true);
    const { calendarVersion } = await service.addOverride(nationalAdmin, {
      date: '2047-01-04',
      kind: 'day_off',
      name: 'Nghỉ cầu Tết Dương lịch',
      source: 'test decision',
    });
    const bridged = await service.calendar();
    expect(bridged.isWorkingDay('2047-01-04')).toBe(false);
    expect(bridged.version).toBe(calendarVersion);
    expect(bridged.version).not.toBe(base.version);
    // One working day from Thursday 3 January: Friday 4 without the bridge, Monday 7 with it.
    expect(addWorkingDays('2047-01-03T03:00:00Z', 1, base)).toBe('2047-01-04T17:00:00.000Z');
    expect(addWorkingDays('2047-01-03T03:00:00Z', 1, bridged)).toBe('2047-01-07T17:00:00.000Z');

    await service.addOverride(nationalAdmin, {
      date: '2047-01-04',
      kind: 'cleared',
      name: 'Rút lại',
      source: 'test',
    });
    const cleared = await service.calendar();
    expect(cleared.isWorkingDay('2047-01-04')).toBe(true);
    expect(cleared.version).toBe(base.version);
  });

  it('can withdraw an entry of the seed file, and say where each override in force comes from', async () => {
    expect((await service.calendar()).isWorkingDay('2025-04-26')).toBe(true);
    await service.addOverride(nationalAdmin, {
      date: '2025-04-26',
      kind: 'cleared',
      name: 'Rút lại (thử)',
      source: 'test',
    });
    expect((await service.calendar()).isWorkingDay('2025-04-26')).toBe(false);
    const { inForce, history } = await service.overrides(2025);
    expect(inForce.find((o) => o.date === '2025-04-26')).toBeUndefined();
    expect(inForce.find((o) => o.date === '2025-05-02')).toMatchObject({ origin: 'seed', kind: 'day_off' });
    expect(history[0]).toMatchObject({ date: '2025-04-26', kind: 'cleared', createdBy: nationalAdmin.sub });
    // Put it back, as the seed said.
    await service.addOverride(nationalAdmin, {
      date: '2025-04-26',
      kind: 'working_day',
      name: 'Làm bù cho thứ Sáu 02/5/2025',
      source: 'test',
    });
    expect((await service.overrides(2025)).inForce.find((o) => o.date === '2025-04-26')).toMatchObject({
      origin: 'admin',
      kind: 'working_day',
    });
  });

  it('are for national admins only, and `cleared` needs something to clear', async () => {
    const o = { date: '2048-01-03', kind: 'day_off' as const, name: 'x', source: 'y' };
    await expect(service.addOverride(hanoiAdmin, o)).rejects.toMatchObject({
      code: 'CALENDAR.NATIONAL_ADMIN_ONLY',
    });
    await expect(service.addOverride(nationalAdmin, { ...o, kind: 'cleared' })).rejects.toMatchObject({
      code: 'CALENDAR.NOTHING_TO_CLEAR',
    });
    await expect(service.addOverride(nationalAdmin, { ...o, date: '2048-02-30' })).rejects.toMatchObject({
      code: 'CALENDAR.INVALID_OVERRIDE',
    });
  });
});

describe('over HTTP', () => {
  let app: INestApplication;
  let base: string;

  @Global()
  @Module({
    providers: [
      { provide: DataSource, useFactory: () => ds },
      { provide: AdminUnits, useFactory: () => units },
      { provide: JwtVerifier, useValue: new JwtVerifier({ secret: SECRET }) },
      { provide: APP_GUARD, useClass: AuthGuard },
    ],
    exports: [DataSource, AdminUnits, JwtVerifier],
  })
  class TestPlatformModule {}

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [TestPlatformModule, PolicyModule],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.setGlobalPrefix('api/v1');
    app.useGlobalPipes(strictValidationPipe());
    app.useGlobalFilters(new ProblemDetailsFilter(createLogger('policy-int-spec', 'silent')));
    await app.listen(0, '127.0.0.1');
    base = `${await app.getUrl()}/api/v1`.replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
  });

  const token = (roles: Role[], unitList: string[]) =>
    mintToken(SECRET, { sub: `u-${roles[0]}`, roles, units: unitList });
  async function call(
    method: 'GET' | 'POST',
    path: string,
    roles: Role[],
    unitList: string[],
    body?: unknown,
  ) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await token(roles, unitList)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  }

  it('lets an admin of the province create a policy and an inspector read it', async () => {
    const y = nextYear();
    const created = await call('POST', '/deadline-policies', ['admin'], ['01'], {
      ...policy(BA_DINH, `${y}-01-01T00:00:00+07:00`, { initialAssessmentHours: 8 }),
      reason: 'Quyết định của UBND thành phố',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      version: `${BA_DINH}@${y}-01-01`,
      initialAssessmentHours: 8,
      createdBy: 'u-admin',
    });
    expect(created.headers.get('location')).toBe(`/api/v1/deadline-policies/${BA_DINH}%40${y}-01-01`);
    const read = await call('GET', `/deadline-policies/${BA_DINH}@${y}-01-01`, ['inspector'], [BA_DINH]);
    expect(read).toMatchObject({
      status: 200,
      body: { scope: BA_DINH, reason: 'Quyết định của UBND thành phố' },
    });
    const list = await call('GET', `/deadline-policies?scope=${BA_DINH}`, ['commune_worker'], [BA_DINH]);
    expect(list.status).toBe(200);
  });

  it('answers 403 to a non-admin, 422 with the field for a looser value, 400 for a malformed body', async () => {
    const y = nextYear();
    const body = policy('01', `${y}-01-01T00:00:00+07:00`);
    expect((await call('POST', '/deadline-policies', ['provincial_officer'], ['01'], body)).status).toBe(403);
    expect((await call('POST', '/deadline-policies', ['admin'], ['79'], body)).body).toMatchObject({
      status: 403,
      code: 'POLICY.SCOPE_OUTSIDE_UNITS',
    });
    const looser = await call('POST', '/deadline-policies', ['admin'], ['VN'], {
      ...body,
      values: { ...body.values, initialAssessmentHours: 24 },
    });
    expect(looser.body).toMatchObject({
      status: 422,
      code: 'POLICY.VALUE_LOOSER_THAN_LAW',
      field: 'values.initialAssessmentHours',
      legalMaximum: 12,
    });
    const missing = await call('POST', '/deadline-policies', ['admin'], ['VN'], {
      ...body,
      values: { initialAssessmentHours: 8 },
    });
    expect(missing.body).toMatchObject({ status: 400, code: 'REQUEST.VALIDATION_FAILED' });
  });

  it('lists working days with holidays and their names, at most 400 days', async () => {
    const res = await call(
      'GET',
      '/calendar/working-days?from=2026-02-13&to=2026-02-23',
      ['commune_worker'],
      [BA_DINH],
    );
    expect(res.status).toBe(200);
    const days = res.body.days as Array<{
      date: string;
      working: boolean;
      holiday: boolean;
      name: string | null;
    }>;
    expect(days).toHaveLength(11);
    expect(days.filter((d) => d.working).map((d) => d.date)).toEqual(['2026-02-13', '2026-02-23']);
    expect(days.find((d) => d.date === '2026-02-17')).toMatchObject({
      holiday: true,
      name: 'Tết Nguyên Đán',
    });
    expect(res.body.calendarVersion).toMatch(/^date-holidays@/);
    const tooLong = await call(
      'GET',
      '/calendar/working-days?from=2026-01-01&to=2027-02-05',
      ['inspector'],
      ['VN'],
    );
    expect(tooLong.body).toMatchObject({ status: 422, code: 'CALENDAR.INVALID_RANGE' });
  });

  it('takes overrides from national admins only', async () => {
    const o = { date: '2049-01-04', kind: 'day_off', name: 'Nghỉ cầu', source: 'test' };
    expect((await call('POST', '/calendar/overrides', ['admin'], ['01'], o)).body).toMatchObject({
      status: 403,
      code: 'CALENDAR.NATIONAL_ADMIN_ONLY',
    });
    const made = await call('POST', '/calendar/overrides', ['admin'], ['VN'], o);
    expect(made).toMatchObject({ status: 201, body: { override: { date: '2049-01-04', kind: 'day_off' } } });
    const listed = await call('GET', '/calendar/overrides?year=2049', ['inspector'], ['VN']);
    expect(listed.body.inForce).toEqual([expect.objectContaining({ date: '2049-01-04', origin: 'admin' })]);
  });
});
