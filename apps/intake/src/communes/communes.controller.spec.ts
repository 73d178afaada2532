import { Global, Module, type INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { AdminUnits } from '@cp/admin-units';
import { AuthGuard, JwtVerifier, mintToken } from '@cp/auth';
import type { Role } from '@cp/contracts';
import { ProblemDetailsFilter, createLogger, strictValidationPipe } from '@cp/observability';
import { CommunesModule } from './communes.module';

// Over HTTP with the real guard, pipe and error filter; nothing but the administrative units behind it.
const SECRET = 'communes-spec-secret-0123456789';

@Global()
@Module({
  providers: [
    { provide: AdminUnits, useValue: AdminUnits.load() },
    { provide: JwtVerifier, useValue: new JwtVerifier({ secret: SECRET }) },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AdminUnits, JwtVerifier],
})
class TestPlatformModule {}

let app: INestApplication;
let base: string;

beforeAll(async () => {
  const moduleRef = await Test.createTestingModule({
    imports: [TestPlatformModule, CommunesModule],
  }).compile();
  app = moduleRef.createNestApplication({ logger: false });
  app.setGlobalPrefix('api/v1');
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(createLogger('communes-spec', 'silent')));
  await app.listen(0, '127.0.0.1');
  base = `${await app.getUrl()}/api/v1`.replace('[::1]', '127.0.0.1');
});

afterAll(async () => {
  await app?.close();
});

async function get(path: string, roles: Role[] | null) {
  const headers: Record<string, string> = {};
  if (roles)
    headers.authorization = `Bearer ${await mintToken(SECRET, { sub: 'u-1', roles, units: ['VN'] })}`;
  const res = await fetch(`${base}${path}`, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('GET /communes', () => {
  it('finds a commune by its former district for a counsellor, a commune worker and an inspector', async () => {
    for (const role of ['hotline_counsellor', 'commune_worker', 'inspector'] as Role[]) {
      const res = await get(`/communes?q=${encodeURIComponent('huyện tứ kỳ')}&limit=6`, [role]);
      expect(res.status).toBe(200);
      expect(res.body.query).toBe('huyện tứ kỳ');
      const items = res.body.items as Array<{ code: string; matchedBy: string; reason: string }>;
      expect(items.map((i) => i.code).sort()).toEqual(['11074', '11086', '11113', '11131', '11140', '11146']);
      expect(items.every((i) => i.matchedBy === 'legacy' && i.reason.includes('Huyện Tứ Kỳ'))).toBe(true);
    }
  });

  it('keeps to a province', async () => {
    const res = await get('/communes?q=ba%20dinh&province=38', ['hotline_supervisor']);
    expect(res.status).toBe(200);
    expect((res.body.items as Array<{ code: string }>).map((i) => i.code)).toEqual([
      '16171',
      '14797',
      '14812',
    ]);
  });

  it('refuses a missing or too long q, a bad limit or province, and unknown parameters', async () => {
    const bad = [
      '/communes',
      `/communes?q=${'a'.repeat(101)}`,
      '/communes?q=%20%20',
      '/communes?q=tu&limit=51',
      '/communes?q=tu&limit=0',
      '/communes?q=tu&province=1',
      '/communes?q=tu&district=298',
    ];
    for (const path of bad) {
      const res = await get(path, ['hotline_counsellor']);
      expect({ path, status: res.status, code: res.body.code }).toEqual({
        path,
        status: 400,
        code: 'REQUEST.VALIDATION_FAILED',
      });
    }
    const unknown = await get('/communes?q=tu&province=30', ['hotline_counsellor']);
    expect(unknown).toMatchObject({
      status: 422,
      body: { code: 'COMMUNE.UNKNOWN_PROVINCE', field: 'province' },
    });
  });

  it('needs a token with one of the roles', async () => {
    expect(await get('/communes?q=tu%20ky', null)).toMatchObject({
      status: 401,
      body: { code: 'AUTH.UNAUTHENTICATED' },
    });
    expect(await get('/communes?q=tu%20ky', [])).toMatchObject({
      status: 403,
      body: { code: 'AUTH.ROLE_NOT_ALLOWED' },
    });
  });
});

describe('GET /communes/:code', () => {
  it('shows a commune with its province and what it was formed from', async () => {
    const res = await get('/communes/26732', ['provincial_officer']);
    expect(res).toMatchObject({
      status: 200,
      body: {
        code: '26732',
        name: 'Đặc khu Côn Đảo',
        type: 'đặc khu',
        provinceCode: '79',
        provinceName: 'Thành phố Hồ Chí Minh',
        formerly: [
          {
            code: '',
            name: '',
            districtCode: '755',
            districtName: 'Huyện Côn Đảo',
            provinceCode: '77',
            provinceName: 'Tỉnh Bà Rịa - Vũng Tàu',
            mergeNote: 'Sắp xếp toàn bộ huyện Côn Đảo thành đặc khu Côn Đảo',
          },
        ],
      },
    });
  });

  it('answers 404 with suggestions for an unknown code, 400 for a malformed one', async () => {
    const missing = await get('/communes/00005', ['admin']);
    expect(missing).toMatchObject({ status: 404, body: { code: 'COMMUNE.NOT_FOUND' } });
    expect(missing.body.suggestions).toEqual(
      expect.arrayContaining([{ code: '00004', name: 'Phường Ba Đình' }]),
    );
    expect((await get('/communes/0004', ['admin'])).status).toBe(400);
  });
});
