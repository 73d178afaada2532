import 'reflect-metadata';
import { Body, Controller, Get, Module, Param, Post, Query, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import pino from 'pino';
import { answerEverythingAsProblems, hardenHttp, serveApiDocs } from './bootstrap';
import { answerClientErrors, rateLimit } from './http-hardening';

class ChildDto {
  @IsString() @MaxLength(50) sex!: string;
}
class ThingDto {
  @IsString() @MaxLength(100) name!: string;
  @IsOptional() @IsInt() age?: number;
  @IsOptional() @ValidateNested() @Type(() => ChildDto) child?: ChildDto;
}
class SearchDto {
  @IsOptional() @IsString() @MaxLength(2000) q?: string;
}

const saved: ThingDto[] = [];

@Controller()
class TestController {
  @Get('health')
  health() {
    return { status: 'up' };
  }
  @Post('things')
  create(@Body() body: ThingDto) {
    saved.push(body);
    return { ok: true };
  }
  @Get('things')
  search(@Query() q: SearchDto) {
    return { q: q.q ?? null };
  }
  @Post('things/:id/archive')
  archive(@Param('id') id: string) {
    return { archived: id };
  }
  @Get('slow')
  slow() {
    // What pg (and TypeORM's QueryFailedError) throw when DB_STATEMENT_TIMEOUT_MS cancels a statement.
    throw Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
  }
  @Get('things/:id')
  one(@Param('id') id: string) {
    return { id };
  }
}

@Module({ controllers: [TestController] })
class TestModule {}

const verifier = {
  verify: async (token: string) => {
    if (!token.startsWith('user-')) throw new Error('invalid');
    return { sub: token, name: '', roles: [], units: [] };
  },
};

async function start(env: { corsOrigins?: string[]; rateLimitPerMinute?: number; production?: boolean }) {
  const app = await NestFactory.create<NestExpressApplication>(TestModule, {
    bodyParser: false,
    logger: false,
  });
  hardenHttp(
    app,
    {
      production: env.production ?? false,
      corsOrigins: env.corsOrigins ?? [],
      rateLimitPerMinute: env.rateLimitPerMinute ?? 600,
    },
    pino({ level: 'silent' }),
    verifier,
  );
  const doc = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('t').build());
  serveApiDocs(app, doc, env.production ?? false, verifier);
  answerClientErrors(app.getHttpServer());
  await app.init();
  answerEverythingAsProblems(app, pino({ level: 'silent' }));
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return { app, base: `http://127.0.0.1:${port}`, port };
}

let app: INestApplication;
let base: string;
let port: number;

beforeAll(async () => {
  ({ app, base, port } = await start({ rateLimitPerMinute: 5 }));
});
afterAll(async () => {
  await app?.close();
});

async function problem(res: Response): Promise<Record<string, unknown>> {
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const body = (await res.json()) as Record<string, unknown>;
  expect(typeof body.code).toBe('string');
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/"stack"|\bat \S+ \(|node_modules|SELECT|SyntaxError|Unexpected token/);
  return body;
}

// Each test uses its own user so the rate limit of 5 a minute only bites where it is tested.
let n = 0;
const auth = () => ({ authorization: `Bearer user-${++n}` });
const json = (body: string, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { ...auth(), 'content-type': 'application/json', ...headers },
  body,
});

describe('security headers', () => {
  it('are on every answer, API and error alike, without X-Powered-By', async () => {
    for (const res of [
      await fetch(`${base}/api/v1/things`, { headers: auth() }),
      await fetch(`${base}/api/v1/nowhere`, { headers: auth() }),
      await fetch(`${base}/health`),
    ]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-security-policy')).toMatch(
        /^default-src 'none';.*frame-ancestors 'none'/,
      );
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(res.headers.get('x-permitted-cross-domain-policies')).toBe('none');
      expect(res.headers.get('x-powered-by')).toBeNull();
      expect(res.headers.get('strict-transport-security')).toBeNull();
      // helmet's other defaults are off: the headers are the ones the services always sent
      for (const h of [
        'origin-agent-cluster',
        'x-xss-protection',
        'x-dns-prefetch-control',
        'x-download-options',
      ])
        expect(res.headers.get(h)).toBeNull();
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('relax the CSP for Swagger UI only as far as it needs (its own scripts, inline styles)', async () => {
    const res = await fetch(`${base}/api/docs`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('keep the API documentation for signed-in users in production', async () => {
    const prod = await start({ production: true });
    try {
      for (const path of ['/api/docs', '/api/docs/openapi.json', '/api/docs-yaml']) {
        const anonymous = await fetch(`${prod.base}${path}`);
        expect([path, anonymous.status]).toEqual([path, 401]);
        expect((await problem(anonymous)).code).toBe('AUTH.TOKEN_REQUIRED');
        const signedIn = await fetch(`${prod.base}${path}`, { headers: auth() });
        expect([path, signedIn.status]).toEqual([path, 200]);
      }
      expect((await fetch(`${base}/api/docs/openapi.json`)).status).toBe(200); // development: open
    } finally {
      await prod.app.close();
    }
  });

  it('add HSTS in production', async () => {
    const prod = await start({ production: true });
    try {
      const res = await fetch(`${prod.base}/health`);
      expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await prod.app.close();
    }
  });
});

describe('CORS', () => {
  it('answers only the configured origins, with explicit methods and headers, exposing ETag', async () => {
    const cors = await start({ corsOrigins: ['https://cp.example.gov.vn'] });
    try {
      const preflight = await fetch(`${cors.base}/api/v1/things`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://cp.example.gov.vn',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type,if-match',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://cp.example.gov.vn');
      expect(preflight.headers.get('access-control-allow-methods')).toBe('GET,POST,PUT');
      expect(preflight.headers.get('access-control-allow-headers')).toBe(
        'Authorization,Content-Type,If-Match,Idempotency-Key',
      );
      const get = await fetch(`${cors.base}/api/v1/things`, {
        headers: { ...auth(), origin: 'https://cp.example.gov.vn' },
      });
      expect(get.headers.get('access-control-allow-origin')).toBe('https://cp.example.gov.vn');
      expect(get.headers.get('access-control-expose-headers')).toContain('ETag');
      const other = await fetch(`${cors.base}/api/v1/things`, {
        headers: { ...auth(), origin: 'https://evil.example' },
      });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await cors.app.close();
    }
  });
});

describe('rate limit', () => {
  it('counts per verified user: the 6th request in a minute is 429 RATE_LIMITED with Retry-After', async () => {
    const mine = { authorization: 'Bearer user-limited' };
    // 11 requests: at least 6 fall in one minute even if the window turns meanwhile.
    const answers: Response[] = [];
    for (let i = 0; i < 11; i++) answers.push(await fetch(`${base}/api/v1/things`, { headers: mine }));
    expect(answers.slice(0, 5).map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused).toBeDefined();
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await problem(refused)).code).toBe('RATE_LIMITED');
    // another user is not affected
    expect((await fetch(`${base}/api/v1/things`, { headers: auth() })).status).toBe(200);
  });

  it('counts the health checks too (they ask the database): a flood of probes is refused, /metrics is not', async () => {
    const statuses: number[] = [];
    const probe = { authorization: 'Bearer user-prober' };
    for (let i = 0; i < 11; i++) statuses.push((await fetch(`${base}/health`, { headers: probe })).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses).toContain(429);
    for (let i = 0; i < 8; i++)
      expect((await fetch(`${base}/metrics`, { headers: probe })).status).not.toBe(429);
  });

  it('counts requests without a valid token by client address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push(
        (await fetch(`${base}/api/v1/things`, { headers: { authorization: 'Bearer forged' } })).status,
      );
    }
    expect(statuses).toContain(429);
  });

  it('lets a request through when its storage fails, rather than failing the service with its database', async () => {
    const storage = { increment: () => Promise.reject(new Error('connection terminated')) };
    const warned: unknown[] = [];
    const logger = { warn: (o: unknown) => warned.push(o) } as unknown as Parameters<typeof rateLimit>[3];
    const passed = await new Promise<unknown>((resolve) =>
      rateLimit(
        storage,
        5,
        verifier,
        logger,
      )(
        { path: '/api/v1/things', headers: {}, socket: { remoteAddress: '127.0.0.1' } } as never,
        { setHeader: () => undefined } as never,
        resolve,
      ),
    );
    expect(passed).toBeUndefined();
    expect(warned).toHaveLength(1);
  });

  it('refuses with the seconds left in the window its storage reports', async () => {
    const storage = {
      increment: async () => ({ totalHits: 6, timeToExpire: 42, isBlocked: false, timeToBlockExpire: 0 }),
    };
    const headers: Record<string, string> = {};
    const err = await new Promise<unknown>((resolve) =>
      rateLimit(storage, 5, verifier)(
        { path: '/api/v1/things', headers: {}, socket: { remoteAddress: '127.0.0.1' } } as never,
        { setHeader: (k: string, v: string) => (headers[k] = v) } as never,
        resolve,
      ),
    );
    expect(headers['Retry-After']).toBe('42');
    expect(err).toMatchObject({ status: 429, response: { code: 'RATE_LIMITED' } });
  });
});

describe('uniform problem details', () => {
  it('a statement the database cancelled is 503 DATABASE.UNAVAILABLE with Retry-After, not a 500', async () => {
    const res = await fetch(`${base}/api/v1/slow`, { headers: auth() });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const body = await problem(res);
    expect(body).toMatchObject({ code: 'DATABASE.UNAVAILABLE', status: 503 });
    expect(body.detail).toMatch(/Nothing was changed/);
  });

  it('an unknown route is 404', async () => {
    const res = await fetch(`${base}/api/v1/nowhere`, { headers: auth() });
    expect(res.status).toBe(404);
    expect((await problem(res)).code).toBe('REQUEST.NOT_FOUND');
  });

  it('any other path, a method on it, or one that climbs out of the API is 404 as problem details, never an HTML page', async () => {
    for (const [method, path] of [
      ['POST', '/api/v2/cases'],
      ['GET', '/etc/passwd'],
      ['GET', '/%2e%2e/%2e%2e/etc/passwd'],
      ['GET', '/'],
      ['DELETE', '/nowhere/at/all'],
    ]) {
      const res = await fetch(`${base}${path}`, { method, headers: auth() });
      expect([method, path, res.status]).toEqual([method, path, 404]);
      expect(await problem(res)).toMatchObject({ code: 'REQUEST.NOT_FOUND', status: 404 });
    }
  });

  it('a malformed percent-encoding outside the API is a 400 problem', async () => {
    const res = await fetch(`${base}/%E0%A4%A`, { headers: auth() });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    await problem(res);
  });

  it('a wrong method is 405 with Allow', async () => {
    const res = await fetch(`${base}/api/v1/things/1`, { method: 'DELETE', headers: auth() });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect((await problem(res)).code).toBe('REQUEST.METHOD_NOT_ALLOWED');
  });

  it('malformed JSON is 400 without the parser’s message', async () => {
    const res = await fetch(`${base}/api/v1/things`, json('{"name": "x",'));
    expect(res.status).toBe(400);
    expect((await problem(res)).code).toBe('REQUEST.MALFORMED_JSON');
  });

  it('a body over the limit is 413', async () => {
    const res = await fetch(`${base}/api/v1/things`, json(JSON.stringify({ name: 'x'.repeat(300_000) })));
    expect(res.status).toBe(413);
    expect((await problem(res)).code).toBe('REQUEST.TOO_LARGE');
  });

  it('a body that is not JSON is 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const res = await fetch(`${base}/api/v1/things`, json('name=x', { 'content-type': type }));
      expect(res.status).toBe(415);
      expect((await problem(res)).code).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
    }
    expect(saved).toHaveLength(0);
  });

  it('an unknown field is 400 naming it (whitelisting forbids it), prototype keys included', async () => {
    const res = await fetch(`${base}/api/v1/things`, json(JSON.stringify({ name: 'x', admin: true })));
    expect(res.status).toBe(400);
    const body = await problem(res);
    expect(body.code).toBe('REQUEST.VALIDATION_FAILED');
    expect(body.errors).toEqual([{ field: 'admin', messages: ['property admin should not exist'] }]);
    for (const [raw, field] of [
      ['{"name":"x","__proto__":{"admin":true}}', '__proto__'],
      ['{"name":"x","child":{"constructor":{"prototype":{"admin":true}}}}', 'child.constructor'],
    ]) {
      const r = await fetch(`${base}/api/v1/things`, json(raw));
      expect(r.status).toBe(400);
      expect((await problem(r)).errors).toEqual([
        { field, messages: [expect.stringContaining('should not exist')] },
      ]);
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(saved).toHaveLength(0);
  });

  it('a route that takes no body refuses fields (only none or {} is accepted)', async () => {
    expect((await fetch(`${base}/api/v1/things/1/archive`, { method: 'POST', headers: auth() })).status).toBe(
      201,
    );
    expect((await fetch(`${base}/api/v1/things/1/archive`, json('{}'))).status).toBe(201);
    const res = await fetch(`${base}/api/v1/things/1/archive`, json('{"isAdmin":true}'));
    expect(res.status).toBe(400);
    expect((await problem(res)).errors).toEqual([
      { field: 'isAdmin', messages: ['property isAdmin should not exist'] },
    ]);
  });

  it('deeply nested JSON is 400, not a stack overflow', async () => {
    const deep = `{"name":"x","child":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    const res = await fetch(`${base}/api/v1/things`, json(deep));
    expect(res.status).toBe(400);
    expect((await problem(res)).code).toBe('REQUEST.TOO_DEEP');
  });

  it('query strings: repeated, prototype or too long parameters are 400; a huge URL is 431', async () => {
    for (const q of ['q=a&q=b', '__proto__=x', `q=${'x'.repeat(1001)}`]) {
      const res = await fetch(`${base}/api/v1/things?${q}`, { headers: auth() });
      expect(res.status).toBe(400);
      expect((await problem(res)).code).toBe('REQUEST.VALIDATION_FAILED');
    }
    const huge = await rawRequest(
      port,
      `GET /api/v1/things?q=${'x'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
    expect(huge).toMatch(/^HTTP\/1.1 431/);
    expect(huge).toContain('application/problem+json');
    const garbage = await rawRequest(port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1.1 400/);
    expect(garbage).toContain('"code":"REQUEST.INVALID"');
  });

  it('a NUL character anywhere (path, query, body) is 400, never a failed SQL statement', async () => {
    for (const res of [
      await fetch(`${base}/api/v1/things/%00`, { headers: auth() }),
      await fetch(`${base}/api/v1/things?q=a%00b`, { headers: auth() }),
      await fetch(`${base}/api/v1/things`, json('{"name":"a\\u0000b"}')),
    ]) {
      expect(res.status).toBe(400);
      await problem(res);
    }
    expect(saved).toHaveLength(0);
  });

  it('a malformed path parameter is 400', async () => {
    const res = await fetch(`${base}/api/v1/things/%E0%A4%A`, { headers: auth() });
    expect(res.status).toBe(400);
    await problem(res);
  });
});

function rawRequest(p: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(p, '127.0.0.1', () => socket.end(text));
    let out = '';
    socket.on('data', (d) => (out += d.toString('utf8')));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}
