import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { specPath } from '../src/paths.js';
import { buildApp } from '../src/app.js';
import { connectDatabase } from '../src/database/connection.js';
import { CENSORED, withoutSecrets } from '../src/logger.js';
import { bearer, createTestApp, TEST_PASSWORD, testConfig, type TestApp } from './helpers/app.js';
import { contractViolations } from './helpers/contract.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

interface ErrorEnvelope {
  success: false;
  error: { code: string; message: string; details: Record<string, unknown> };
  timestamp: string;
}

describe('GET /api/health', () => {
  it('answers with the envelope, strict security headers and a request id', async () => {
    const res = await t.request<{ data: { status: string } }>({ method: 'GET', url: '/api/health' });
    expect(res.status).toBe(200);
    expect(res.body.data.status).toBe('ok');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // The API's own policy, without the allowances helmet's default policy makes for HTML pages.
    expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'");
    // Older browsers, which know only X-Frame-Options, are told the same as the CSP's frame-ancestors.
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends the same security headers on errors and unknown routes', async () => {
    for (const url of ['/api/nowhere', '/api/products/abc']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.headers['strict-transport-security']).toMatch(/^max-age=/);
    }
  });

  it('echoes a well-formed X-Request-Id and replaces a malformed one', async () => {
    const good = await t.request({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'lb-trace.123' } });
    expect(good.headers['x-request-id']).toBe('lb-trace.123');
    const bad = await t.request({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'bad id\nwith newline' } });
    expect(bad.headers['x-request-id']).not.toContain('bad');
  });
});

describe('GET /api/health/ready', () => {
  it('reports the database as reachable', async () => {
    const res = await t.request<{ data: unknown }>({ method: 'GET', url: '/api/health/ready' });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      status: 'ready',
      checks: { database: 'ok', redis: 'not_configured' },
      services: { payment: 'disabled', email: 'disabled', sms: 'disabled', analytics: 'disabled' },
    });
  });

  it('answers 503 SERVICE_UNAVAILABLE when the database is gone', async () => {
    const broken = await createTestApp();
    await broken.database.destroy();
    const res = await broken.request<ErrorEnvelope>({ method: 'GET', url: '/api/health/ready' });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('SERVICE_UNAVAILABLE');
    await broken.app.close();
  });
});

describe('GET /api/openapi.yaml', () => {
  it('serves the spec byte for byte as YAML', async () => {
    const res = await t.request<string>({ method: 'GET', url: '/api/openapi.yaml' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/yaml');
    expect(res.body).toBe(readFileSync(specPath, 'utf8'));
  });

  it('has an interactive reference at /docs that loads the spec', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('/api/openapi.yaml');
    // Its own policy (it runs scripts), with the other security headers still in place.
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain("default-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('errors', () => {
  it('answers an unknown route with a 404 envelope', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json<ErrorEnvelope>()).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
  });

  it('turns an unexpected failure into a bare 500 with the request id and no SQL or stack', async () => {
    const broken = await createTestApp();
    try {
      const session = await broken.sessionAs('user');
      await sql`drop table refresh_tokens`.execute(broken.db);
      const res = await broken.request<ErrorEnvelope>({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: session.user.email, password: TEST_PASSWORD },
        headers: { 'x-request-id': 'trace-500' },
      });
      expect(res.status).toBe(500);
      expect(res.body.error).toEqual({ code: 'INTERNAL_ERROR', message: 'Internal server error', details: { request_id: 'trace-500' } });
      expect(res.raw.body).not.toMatch(/refresh_tokens|insert|select|at .*\.ts/i);
    } finally {
      await broken.close();
    }
  });
});

/** A test app whose log lines are collected, as written, into `lines`. */
async function appWithLogLines(level: 'trace' | 'info'): Promise<{ logged: TestApp; lines: string[] }> {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  return { logged: await createTestApp({ LOG_LEVEL: level }, stream), lines };
}

describe('logging', () => {
  it('never writes passwords, tokens or cookies to the log', async () => {
    const { logged, lines } = await appWithLogLines('trace');
    try {
      const session = await logged.sessionAs('user');
      await logged.request({ method: 'GET', url: '/api/auth/me', headers: bearer(session) });
      await logged.request({ method: 'GET', url: '/api/auth/me', headers: { cookie: `access_token=${session.accessToken}` } });
      await logged.request({ method: 'POST', url: '/api/auth/login', payload: { email: session.user.email, password: 'wrong-password-123' } });
      const output = lines.join('');
      expect(output).toContain('/api/auth/me');
      for (const secret of [TEST_PASSWORD, 'wrong-password-123', session.accessToken, session.refreshToken, session.csrfToken]) {
        expect(output).not.toContain(secret);
      }
      expect(output).toContain(`"user_id":${session.user.id}`);
    } finally {
      await logged.close();
    }
  });

  it('censors secret keys wherever a logged object holds them, and leaves the rest as it was', async () => {
    const { logged, lines } = await appWithLogLines('info');
    try {
      logged.app.log.info(
        {
          password: 'top-secret-1',
          user: { id: 7, Access_Token: 'top-secret-2', profile: { refresh_token: 'top-secret-3' } },
          headers: Object.assign(Object.create(null) as Record<string, string>, { authorization: 'Bearer top-secret-4', 'user-agent': 'probe' }),
          attempts: [{ token: 'top-secret-5', at: 1 }],
          order_id: 12,
        },
        'probe line',
      );
      const line = JSON.parse(lines.find((text) => text.includes('probe line')) ?? '{}') as Record<string, unknown>;
      expect(line).toMatchObject({
        password: CENSORED,
        user: { id: 7, Access_Token: CENSORED, profile: { refresh_token: CENSORED } },
        headers: { authorization: CENSORED, 'user-agent': 'probe' },
        attempts: [{ token: CENSORED, at: 1 }],
        order_id: 12,
      });
      expect(lines.join('')).not.toContain('top-secret');
    } finally {
      await logged.close();
    }
  });

  it('copies only the objects it censors', () => {
    const clean = { order_id: 1, items: [{ product_id: 2 }], nested: { status: 'paid' } };
    expect(withoutSecrets(clean)).toBe(clean);
    const dirty = { keep: { a: 1 }, user: { password: 'x' } };
    const scrubbed = withoutSecrets(dirty) as typeof dirty;
    expect(scrubbed).toEqual({ keep: { a: 1 }, user: { password: CENSORED } });
    expect(scrubbed.keep).toBe(dirty.keep);
    expect(dirty.user.password).toBe('x');
  });

  it('censors secrets carried by errors, class instances and deeply nested objects', async () => {
    const { logged, lines } = await appWithLogLines('info');
    try {
      class Account {
        constructor(
          readonly id: number,
          readonly password_hash: string,
        ) {}
      }
      const failure = Object.assign(new Error('upstream refused'), { token: 'top-secret-1', config: { headers: { Authorization: 'Bearer top-secret-2' } } });
      const cyclic: Record<string, unknown> = { name: 'loop' };
      cyclic.self = cyclic;
      logged.app.log.error({ err: failure }, 'probe error');
      logged.app.log.error(failure);
      logged.app.log.info({ account: new Account(7, 'top-secret-4'), a: { b: { c: { d: { e: { f: { password: 'top-secret-5' } } } } } }, cyclic }, 'probe nested');
      const text = lines.join('');
      expect(text).not.toContain('top-secret');
      const error = JSON.parse(lines.find((line) => line.includes('probe error')) ?? '{}') as { err?: Record<string, unknown> };
      expect(error.err).toMatchObject({ type: 'Error', message: 'upstream refused', token: CENSORED, config: { headers: { Authorization: CENSORED } } });
      const nested = JSON.parse(lines.find((line) => line.includes('probe nested')) ?? '{}') as Record<string, unknown>;
      expect(nested).toMatchObject({ account: { id: 7, password_hash: CENSORED }, a: { b: { c: { d: { e: { f: { password: CENSORED } } } } } } });
    } finally {
      await logged.close();
    }
  });

  it('writes the log file, and closing at once neither throws nor loses a line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-erp-log-'));
    const logFile = join(dir, 'nested', 'store-erp.log');
    const database = connectDatabase(testConfig().database);
    const app = await buildApp({ config: testConfig({ LOG_FILE: logFile, LOG_LEVEL: 'info' }), database, outboxWorker: false, maintenance: false });
    app.log.info('closing at once');
    await app.close();
    await database.destroy();
    expect(readFileSync(logFile, 'utf8')).toContain('closing at once');
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes what a quiet server logged to the file within a couple of seconds, before it closes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-erp-log-'));
    const logFile = join(dir, 'store-erp.log');
    const database = connectDatabase(testConfig().database);
    const app = await buildApp({ config: testConfig({ LOG_FILE: logFile, LOG_LEVEL: 'info' }), database, outboxWorker: false, maintenance: false });
    try {
      app.log.info('a quiet moment');
      expect(readFileSync(logFile, 'utf8')).not.toContain('a quiet moment');
      await vi.waitFor(() => {
        expect(readFileSync(logFile, 'utf8')).toContain('a quiet moment');
      }, { timeout: 3000, interval: 100 });
    } finally {
      await app.close();
      await database.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!existsSync('/dev/full'))('keeps answering when the log file cannot be written, and says so once on stderr', async () => {
    const database = connectDatabase(testConfig().database);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    // Every write to /dev/full fails with ENOSPC, as a full disk would.
    const app = await buildApp({ config: testConfig({ LOG_FILE: '/dev/full', LOG_LEVEL: 'info' }), database, outboxWorker: false, maintenance: false });
    try {
      for (let i = 0; i < 40; i += 1) {
        const res = await app.inject({ method: 'GET', url: '/api/health' });
        expect(res.statusCode).toBe(200);
      }
      const reports = stderr.mock.calls.map(([text]) => String(text)).filter((text) => text.includes('log file'));
      expect(reports).toEqual([expect.stringContaining('cannot write the log file (ENOSPC)')]);
    } finally {
      await app.close();
      stderr.mockRestore();
      await database.destroy();
    }
  });

  it('refuses to start when the log file cannot be opened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-erp-log-'));
    const database = connectDatabase(testConfig().database);
    try {
      // A directory where the file should be.
      await expect(buildApp({ config: testConfig({ LOG_FILE: dir }), database, outboxWorker: false, maintenance: false })).rejects.toThrow(
        `Cannot open LOG_FILE ${dir}: EISDIR`,
      );
    } finally {
      await database.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a database failure during authentication', () => {
  it('is reported as 503 SERVICE_UNAVAILABLE, not as a bad session', async () => {
    const unreachable = connectDatabase({ dialect: 'postgres', connectionString: 'postgres://postgres@127.0.0.1:1/nowhere', poolMax: 1 });
    const app = await buildApp({ config: testConfig(), database: unreachable, migrate: false, silent: true });
    try {
      const token = app.jwt.sign({ sub: '1', sid: '00000000-0000-0000-0000-000000000000' });
      const res = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
      expect(contractViolations('GET', '/api/auth/me', { statusCode: res.statusCode, headers: res.headers, body: res.body })).toEqual([]);
      expect(res.statusCode).toBe(503);
      expect(res.json<ErrorEnvelope>().error.code).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await app.close();
      await unreachable.destroy();
    }
  });
});
