import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { bearer, createTestApp, TEST_PASSWORD, testConfig, type Session, type TestApp } from '../helpers/app.js';
import { FakeService } from './fake-service.js';
import { createProduct, metricSamples, metricValue, pendingCount, placed, scrapeMetrics, type Product } from './shop.js';

let fake: FakeService;
let t: TestApp;
let admin: Session;
let user: Session;
let product: Product;
let other: Product;

beforeAll(async () => {
  fake = await FakeService.start();
  t = await createTestApp({ PAYMENT_URL: `${fake.url}pay`, EMAIL_URL: `${fake.url}email`, EXTERNAL_TIMEOUT_MS: '200' });
  admin = await t.sessionAs('admin');
  user = await t.sessionAs('user');
  product = await createProduct(t, admin, { price: '2.00' });
  other = await createProduct(t, admin, { price: '3.00' });
});
afterAll(async () => {
  await t.close();
  await fake.stop();
});

describe('GET /metrics', () => {
  it('serves Prometheus text outside the API envelope', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('# TYPE http_requests_total counter');
    expect(res.body).toContain('# TYPE http_request_duration_seconds histogram');
    expect(res.body).toContain('# TYPE db_query_duration_seconds histogram');
    expect(res.body).toContain('# TYPE active_users gauge');
    expect(res.body).toContain('# TYPE circuit_breaker_state gauge');
    expect(res.body).toContain('# TYPE outbox_backlog gauge');
    // Default process metrics are there too.
    expect(res.body).toContain('process_cpu_user_seconds_total');
  });

  it('counts and times requests by route pattern, never by raw URL', async () => {
    const route = '/api/products/:id';
    const before = metricValue(await scrapeMetrics(t.app), 'http_requests_total', { method: 'GET', route, status: '200' }) ?? 0;
    for (const id of [product.id, other.id, product.id]) {
      expect((await t.request({ method: 'GET', url: `/api/products/${id}`, headers: bearer(user) })).status).toBe(200);
    }
    expect((await t.request({ method: 'GET', url: '/api/products/987654', headers: bearer(user) })).status).toBe(404);

    const text = await scrapeMetrics(t.app);
    expect(metricValue(text, 'http_requests_total', { method: 'GET', route, status: '200' })).toBe(before + 3);
    expect(metricValue(text, 'http_requests_total', { method: 'GET', route, status: '404' })).toBe(1);
    const routes = new Set(metricSamples(text, 'http_requests_total').map((s) => s.labels.route));
    for (const id of [product.id, other.id, 987654]) expect(routes).not.toContain(`/api/products/${id}`);
    expect(metricValue(text, 'http_request_duration_seconds_count', { method: 'GET', route, status: '200' })).toBe(before + 3);
    expect(metricValue(text, 'http_request_duration_seconds_bucket', { method: 'GET', route, status: '200', le: '+Inf' })).toBe(before + 3);
    expect(metricValue(text, 'http_request_duration_seconds_sum', { method: 'GET', route, status: '200' })).toBeGreaterThan(0);
    // A 4xx is not an error of the service.
    expect(metricValue(text, 'http_request_errors_total', { route, status: '404' })).toBeUndefined();
  });

  it('times database queries', async () => {
    const before = metricValue(await scrapeMetrics(t.app), 'db_query_duration_seconds_count', { outcome: 'ok' }) ?? 0;
    await t.request({ method: 'GET', url: '/api/products', headers: bearer(user) });
    const text = await scrapeMetrics(t.app);
    const after = metricValue(text, 'db_query_duration_seconds_count', { outcome: 'ok' }) ?? 0;
    expect(after).toBeGreaterThan(before);
    expect(metricValue(text, 'db_query_duration_seconds_sum', { outcome: 'ok' })).toBeGreaterThan(0);
  });

  it("reports each external service's breaker: closed when configured, -1 when not", async () => {
    const text = await scrapeMetrics(t.app);
    expect(metricValue(text, 'circuit_breaker_state', { service: 'payment' })).toBe(0);
    expect(metricValue(text, 'circuit_breaker_state', { service: 'email' })).toBe(0);
    expect(metricValue(text, 'circuit_breaker_state', { service: 'sms' })).toBe(-1);
    expect(metricValue(text, 'circuit_breaker_state', { service: 'analytics' })).toBe(-1);
  });

  it('reports the outbox backlog as the worker last saw it', async () => {
    await fake.setMode('fail');
    await placed(t, user, [{ product_id: product.id, quantity: 1 }]);
    await placed(t, user, [{ product_id: other.id, quantity: 1 }]);
    await t.app.outbox.runOnce();
    const pending = await pendingCount(t.db);
    // Both emails fail; text messages and analytics are not configured, so they are dropped.
    expect(pending).toBe(2);
    expect(metricValue(await scrapeMetrics(t.app), 'outbox_backlog')).toBe(pending);

    await fake.setMode('ok');
    await t.db.updateTable('outbox').set({ next_attempt_at: new Date(Date.now() - 1000).toISOString() }).where('delivered_at', 'is', null).execute();
    await t.app.outbox.runOnce();
    expect(await pendingCount(t.db)).toBe(0);
    expect(metricValue(await scrapeMetrics(t.app), 'outbox_backlog')).toBe(0);
  });

  it('counts the users with a live session (distinct users, revoked sessions left out)', async () => {
    // The gauge is refreshed at start and then periodically: a new instance on the same database reads it at once.
    const twice = await t.createUser('user');
    await t.login(twice.email);
    await t.login(twice.email);
    const gone = await t.sessionAs('user');
    const logout = await t.request({ method: 'POST', url: '/api/auth/logout', headers: bearer(gone) });
    expect(logout.status).toBeLessThan(300);
    const live = await t.db
      .selectFrom('sessions')
      .select('user_id')
      .distinct()
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', new Date().toISOString())
      .execute();
    // admin, user and `twice` (twice logged in); not `gone`.
    expect(live.map((r) => r.user_id).sort()).toEqual([admin.user.id, user.user.id, twice.id].sort());

    const second = await buildApp({ config: testConfig(), database: t.database, outboxWorker: false, silent: true });
    try {
      await second.ready();
      let value: number | undefined;
      for (let i = 0; i < 50 && value !== live.length; i += 1) {
        value = metricValue(await scrapeMetrics(second), 'active_users');
        if (value !== live.length) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(value).toBe(3);
    } finally {
      await second.close();
    }
  });
});

describe('error metrics', () => {
  it('counts a 5xx as an error, with its route, and records the failed query', async () => {
    const broken = await createTestApp();
    try {
      const session = await broken.sessionAs('user');
      const before = metricValue(await scrapeMetrics(broken.app), 'db_query_duration_seconds_count', { outcome: 'error' }) ?? 0;
      await sql`drop table refresh_tokens`.execute(broken.db);
      const res = await broken.request({ method: 'POST', url: '/api/auth/login', payload: { email: session.user.email, password: TEST_PASSWORD } });
      expect(res.status).toBe(500);
      const text = await scrapeMetrics(broken.app);
      expect(metricValue(text, 'http_request_errors_total', { method: 'POST', route: '/api/auth/login', status: '500' })).toBe(1);
      expect(metricValue(text, 'http_requests_total', { method: 'POST', route: '/api/auth/login', status: '500' })).toBe(1);
      expect(metricValue(text, 'db_query_duration_seconds_count', { outcome: 'error' })).toBeGreaterThan(before);
      // Successful logins earlier are requests, not errors.
      expect(metricValue(text, 'http_request_errors_total', { method: 'POST', route: '/api/auth/login', status: '200' })).toBeUndefined();
    } finally {
      await broken.close();
    }
  });
});
