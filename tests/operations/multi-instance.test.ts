/**
 * Several instances behind a load balancer on one database and one Redis: nothing that must be shared
 * (rate-limit budgets, session revocation, idempotency keys) may live in one process's memory.
 * Every request carries a client address unique to this run, so parallel runs never share Redis keys.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { connectDatabase, type DatabaseHandle } from '../../src/database/connection.js';
import { TEST_PASSWORD, testConfig } from '../helpers/app.js';
import { createTestDatabase, testDatabaseUrl, testDialect } from '../helpers/database.js';
import { REDIS_URL, clientAddresses, createUser, eventually, loginVia, redisAnswers, violationsOf, type ErrorEnvelope } from './support.js';

const redisUp = await redisAnswers(1000);
const NO_REDIS = 'SKIPPED: Redis at 127.0.0.1:6379 did not answer PING within 1 s';
if (!redisUp) console.warn(`multi-instance.test.ts: ${NO_REDIS}; the Redis-backed tests are skipped`);
const needsRedis = (title: string) => (redisUp ? title : `${title} (${NO_REDIS})`);

const addresses = clientAddresses();
afterAll(async () => {
  await addresses.cleanup();
});

const WRONG_PASSWORD = 'not-the-password-123';

/** Waits until the instance reports ready (database and, when configured, Redis answer), as a load balancer would. */
async function untilReady(app: FastifyInstance, from: string): Promise<void> {
  const ready = await eventually(async () => (await app.inject({ method: 'GET', url: '/api/health/ready', remoteAddress: from })).statusCode === 200, 5000, 50);
  if (!ready) throw new Error('instance did not become ready within 5 s');
}

async function startInstance(config: Config, database: DatabaseHandle, migrate: boolean): Promise<FastifyInstance> {
  const app = await buildApp({ config, database, migrate, silent: true, outboxWorker: false });
  await app.ready();
  return app;
}

/**
 * Two database handles on the same data: on PostgreSQL two pools on one schema (as two processes
 * would have); on SQLite one in-memory handle used twice (it cannot be opened a second time).
 */
async function twoHandles(): Promise<{ first: DatabaseHandle; second: DatabaseHandle; close: () => Promise<void> }> {
  const first = await createTestDatabase();
  if (testDialect !== 'postgres' || testDatabaseUrl === undefined) {
    return { first, second: first, close: () => first.destroy() };
  }
  const second = connectDatabase({ dialect: 'postgres', connectionString: testDatabaseUrl, poolMax: 5 }, { schema: first.schema ?? 'public' });
  return {
    first,
    second,
    async close() {
      await second.destroy();
      await first.destroy();
    },
  };
}

function failedLogin(app: FastifyInstance, email: string, remoteAddress: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: WRONG_PASSWORD }, remoteAddress });
}

describe(`rate limits across two instances (${testDialect})`, () => {
  let databases: Awaited<ReturnType<typeof twoHandles>>;
  const instances: FastifyInstance[] = [];

  beforeAll(async () => {
    databases = await twoHandles();
  });
  afterAll(async () => {
    for (const app of instances) await app.close();
    await databases.close();
  });

  async function pair(env: Record<string, string>): Promise<[FastifyInstance, FastifyInstance]> {
    const config = testConfig({ AUTH_RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000', ...env });
    const a = await startInstance(config, databases.first, true);
    instances.push(a);
    const b = await startInstance(config, databases.second, false);
    instances.push(b);
    return [a, b];
  }

  it.runIf(redisUp)(needsRedis('with REDIS_URL, share one budget: 3 failed logins on A, the 4th on B is 429 RATE_LIMITED'), async () => {
    const [a, b] = await pair({ REDIS_URL });
    const probe = addresses.next();
    await untilReady(a, probe);
    await untilReady(b, probe);
    const user = await createUser(databases.first.db, 'user');
    const client = addresses.next();

    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const res = await failedLogin(a, user.email, client);
      expect(res.statusCode, `attempt ${attempt} on A`).toBe(401);
    }
    const limited = await failedLogin(b, user.email, client);
    expect(violationsOf('POST', '/api/auth/login', limited)).toEqual([]);
    expect(limited.statusCode).toBe(429);
    const body = limited.json<ErrorEnvelope>();
    expect(body).toMatchObject({ success: false, error: { code: 'RATE_LIMITED', details: { limit: 3 } } });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(body.error.details.retry_after_seconds).toBe(retryAfter);
    // Still limited on A, and the correct password does not get past the limit either.
    expect((await failedLogin(a, user.email, client)).statusCode).toBe(429);
    const correct = await a.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: TEST_PASSWORD }, remoteAddress: client });
    expect(correct.statusCode).toBe(429);
    // The budget is per client: another address is not affected, on either instance.
    const other = addresses.next();
    expect((await failedLogin(b, user.email, other)).statusCode).toBe(401);
    expect((await failedLogin(a, user.email, other)).statusCode).toBe(401);
  });

  it('without REDIS_URL, keep a budget per instance: what A has spent does not limit B', async () => {
    const [a, b] = await pair({});
    const user = await createUser(databases.first.db, 'user');
    const client = addresses.next();
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      expect((await failedLogin(a, user.email, client)).statusCode, `attempt ${attempt} on A`).toBe(401);
    }
    // A has counted the client out ...
    const limitedOnA = await failedLogin(a, user.email, client);
    expect(limitedOnA.statusCode).toBe(429);
    expect(violationsOf('POST', '/api/auth/login', limitedOnA)).toEqual([]);
    // ... but B has never heard of it: only the Redis store makes the budget shared.
    const onB = await failedLogin(b, user.email, client);
    expect(onB.statusCode).toBe(401);
    expect(onB.json<ErrorEnvelope>().error.code).toBe('UNAUTHORIZED');
  });
});

describe.runIf(testDialect === 'postgres' && redisUp)(needsRedis('two instances on one PostgreSQL schema and one Redis'), () => {
  let primary: DatabaseHandle;
  let secondary: DatabaseHandle;
  let a: FastifyInstance;
  let b: FastifyInstance;

  beforeAll(async () => {
    if (testDatabaseUrl === undefined) throw new Error('TEST_DATABASE_URL is required');
    const config = testConfig({ REDIS_URL, AUTH_RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000' });
    primary = await createTestDatabase();
    a = await startInstance(config, primary, true);
    secondary = connectDatabase({ dialect: 'postgres', connectionString: testDatabaseUrl, poolMax: 5 }, { schema: primary.schema ?? 'public' });
    b = await startInstance(config, secondary, false);
    const probe = addresses.next();
    await untilReady(a, probe);
    await untilReady(b, probe);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await secondary.destroy();
    await primary.destroy();
  });

  /** Injects with a bearer token and this run's client address, and checks the response against the spec. */
  async function call(app: FastifyInstance, token: string, from: string, options: InjectOptions & { method: string; url: string }) {
    const res = await app.inject({ ...options, remoteAddress: from, headers: { ...options.headers, authorization: `Bearer ${token}` } });
    expect(violationsOf(options.method, options.url, res), `${options.method} ${options.url}`).toEqual([]);
    return res;
  }

  it('revokes a session everywhere at once: a token from A works on B until it logs out on A', async () => {
    const from = addresses.next();
    const user = await createUser(primary.db, 'user');
    const token = await loginVia(a, user.email, from);

    const me = await call(b, token, from, { method: 'GET', url: '/api/auth/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json<{ data: { id: number } }>().data.id).toBe(user.id);

    const logout = await call(a, token, from, { method: 'POST', url: '/api/auth/logout' });
    expect(logout.statusCode).toBe(200);

    const after = await call(b, token, from, { method: 'GET', url: '/api/auth/me' });
    expect(after.statusCode).toBe(401);
    expect(after.json<ErrorEnvelope>().error.code).toBe('UNAUTHORIZED');
    expect((await call(a, token, from, { method: 'GET', url: '/api/products' })).statusCode).toBe(401);
  });

  it('ends a user session on A as soon as an admin deactivates that user on B', async () => {
    const from = addresses.next();
    const admin = await createUser(primary.db, 'admin');
    const user = await createUser(primary.db, 'user');
    const adminToken = await loginVia(b, admin.email, from);
    const userToken = await loginVia(a, user.email, from);
    expect((await call(a, userToken, from, { method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);

    const deactivated = await call(b, adminToken, from, { method: 'DELETE', url: `/api/users/${user.id}` });
    expect(deactivated.statusCode).toBe(200);
    expect(deactivated.json<{ data: { active: boolean } }>().data.active).toBe(false);

    for (const url of ['/api/auth/me', '/api/products', '/api/orders']) {
      const res = await call(a, userToken, from, { method: 'GET', url });
      expect(res.statusCode, url).toBe(401);
    }
    // And the deactivated user cannot start a new session on either instance.
    const again = await a.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: TEST_PASSWORD }, remoteAddress: addresses.next() });
    expect(again.statusCode).toBe(401);
  });

  it('places exactly one order when the same Idempotency-Key reaches A and B concurrently', async () => {
    const from = addresses.next();
    const manager = await createUser(primary.db, 'manager');
    const managerToken = await loginVia(a, manager.email, from);
    const created = await call(a, managerToken, from, {
      method: 'POST',
      url: '/api/products',
      payload: { sku: `IDEM-${randomUUID().slice(0, 8)}`, name: 'Idempotent widget', price: '5.00', stock_quantity: 50 },
    });
    expect(created.statusCode).toBe(201);
    const productId = created.json<{ data: { id: number } }>().data.id;
    const user = await createUser(primary.db, 'user');
    const userToken = await loginVia(b, user.email, from);

    const rounds = 6;
    for (let round = 0; round < rounds; round += 1) {
      const key = randomUUID();
      const order = { method: 'POST' as const, url: '/api/orders', headers: { 'idempotency-key': key }, payload: { items: [{ product_id: productId, quantity: 2 }] } };
      const [onA, onB] = await Promise.all([call(a, userToken, from, order), call(b, userToken, from, order)]);
      expect([onA.statusCode, onB.statusCode], `round ${round}: ${onA.body} / ${onB.body}`).toEqual([201, 201]);
      const idA = onA.json<{ data: { id: number } }>().data.id;
      const idB = onB.json<{ data: { id: number } }>().data.id;
      expect(idA, `round ${round}`).toBe(idB);
      const replayed = [onA, onB].filter((res) => res.headers['idempotent-replayed'] === 'true');
      expect(replayed, `round ${round}: exactly one answer is the replay`).toHaveLength(1);
    }

    const orders = await primary.db.selectFrom('orders').select(['id']).where('user_id', '=', user.id).execute();
    expect(orders).toHaveLength(rounds);
    const product = await primary.db.selectFrom('products').select(['stock_quantity']).where('id', '=', productId).executeTakeFirstOrThrow();
    expect(product.stock_quantity).toBe(50 - 2 * rounds);
    const movements = await primary.db.selectFrom('stock_movements').select(['delta']).where('product_id', '=', productId).where('reason', '=', 'order').execute();
    expect(movements.map((m) => m.delta)).toEqual(Array.from({ length: rounds }, () => -2));
  });
});

describe('readiness and Redis', () => {
  const apps: FastifyInstance[] = [];
  const databases: DatabaseHandle[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const database of databases) await database.destroy();
  });

  async function instance(env: Record<string, string>): Promise<{ app: FastifyInstance; database: DatabaseHandle }> {
    const database = await createTestDatabase();
    databases.push(database);
    const app = await startInstance(testConfig(env), database, true);
    apps.push(app);
    return { app, database };
  }

  it.runIf(redisUp)(needsRedis("reports redis 'ok' when REDIS_URL is set and Redis answers"), async () => {
    const { app } = await instance({ REDIS_URL });
    const from = addresses.next();
    await untilReady(app, from);
    const res = await app.inject({ method: 'GET', url: '/api/health/ready', remoteAddress: from });
    expect(violationsOf('GET', '/api/health/ready', res)).toEqual([]);
    expect(res.statusCode).toBe(200);
    expect(res.json<{ data: { checks: Record<string, string> } }>().data.checks).toEqual({ database: 'ok', redis: 'ok' });
  });

  it('answers 503 SERVICE_UNAVAILABLE when Redis is unreachable, while requests that do not need it still work (limits fail open)', async () => {
    // Port 1 on loopback: nothing listens there, so every connection attempt is refused.
    const { app, database } = await instance({ REDIS_URL: 'redis://127.0.0.1:1', AUTH_RATE_LIMIT_MAX: '1', RATE_LIMIT_MAX: '2' });
    const from = addresses.next();

    const started = Date.now();
    const ready = await app.inject({ method: 'GET', url: '/api/health/ready', remoteAddress: from });
    expect(Date.now() - started, 'readiness answers within its 1 s Redis timeout').toBeLessThan(2000);
    expect(violationsOf('GET', '/api/health/ready', ready)).toEqual([]);
    expect(ready.statusCode).toBe(503);
    const body = ready.json<ErrorEnvelope>();
    expect(body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(body.error.details).toEqual({ checks: { database: 'ok', redis: 'down' } });
    expect(ready.headers['retry-after']).toBeDefined();

    const live = await app.inject({ method: 'GET', url: '/api/health', remoteAddress: from });
    expect(live.statusCode).toBe(200);

    // Budgets of 1 login and 2 requests would refuse the later calls if they were counted; with the
    // store unreachable they are let through rather than failing or being refused.
    const user = await createUser(database.db, 'user');
    let token = '';
    for (let attempt = 1; attempt <= 3; attempt += 1) token = await loginVia(app, user.email, from);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const res = await app.inject({ method: 'GET', url: '/api/products', headers: { authorization: `Bearer ${token}` }, remoteAddress: from });
      expect(violationsOf('GET', '/api/products', res)).toEqual([]);
      expect(res.statusCode, `request ${attempt}`).toBe(200);
    }
  });
});
