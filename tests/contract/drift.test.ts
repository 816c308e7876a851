/**
 * Drift tests: every operation in openapi.yaml is driven to its success response and to each documented
 * error it can reach, and every live response is checked against the spec (by `t.request`: status
 * documented, content type, body as sent and as the handler produced it). Every route the server serves
 * must be in the spec and every operation in the spec served. Failures name the operation.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { connectDatabase } from '../../src/database/connection.js';
import { browser, bearer, createTestApp, TEST_PASSWORD, testConfig, type ApiResponse, type Session, type TestApp } from '../helpers/app.js';
import { contractViolations, findOperation, spec } from '../helpers/contract.js';
import { fillPath, resolveRef, specOperations, type SpecOperation } from '../helpers/operations.js';

/** Statuses no request can provoke, with the reason. Everything else documented must be observed. */
const UNREACHABLE: Record<string, string> = {
  'getHealth 500': 'answers from memory; nothing in it can fail',
  'getOpenApiDocument 500': 'serves a string read at start-up',
  'getReadiness 500': 'every database failure is its documented 503',
};

const observed = new Map<string, Set<string>>();
function record(method: string, url: string, status: number): void {
  const operationId = findOperation(method, url)?.operation.operationId;
  if (!operationId) return;
  const seen = observed.get(operationId) ?? new Set<string>();
  seen.add(String(status));
  observed.set(operationId, seen);
}

let t: TestApp;
let admin: Session;
let manager: Session;
let customer: Session;
let otherCustomer: Session;
const ids = { category: 0, childCategory: 0, product: 0, scarceProduct: 0, order: 0 };

type Request = Parameters<TestApp['request']>[0];
async function call<T = { error: { code: string } }>(request: Request, expected: number): Promise<ApiResponse<T>> {
  const res = await t.request<T>(request);
  record(request.method, request.url, res.status);
  expect(res.status, `${request.method} ${request.url}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(expected);
  return res;
}

/** The first example of the operation's request body, as written in the spec. */
function exampleBody(op: SpecOperation): unknown {
  const item = (spec.paths[op.path] as unknown as Record<string, { requestBody?: { content: Record<string, { examples?: Record<string, unknown> }> } }>)[op.method.toLowerCase()];
  const examples = item?.requestBody?.content['application/json']?.examples ?? {};
  const first = Object.values(examples)[0];
  return first === undefined ? undefined : resolveRef<{ value: unknown }>(first as { value: unknown }).value;
}

const sessions = () => ({ admin, manager, user: customer });

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.sessionAs('admin');
  manager = await t.sessionAs('manager');
  customer = await t.sessionAs('user');
  otherCustomer = await t.sessionAs('user');
  const root = await t.request<{ data: { id: number } }>({ method: 'POST', url: '/api/categories', headers: bearer(admin), payload: { name: 'Drift root' } });
  ids.category = root.body.data.id;
  const child = await t.request<{ data: { id: number } }>({ method: 'POST', url: '/api/categories', headers: bearer(admin), payload: { name: 'Drift child', parent_id: ids.category } });
  ids.childCategory = child.body.data.id;
  const product = await t.request<{ data: { id: number } }>({ method: 'POST', url: '/api/products', headers: bearer(admin), payload: { sku: 'DRIFT-1', name: 'Drift', price: '5.00', stock_quantity: 50, category_id: ids.childCategory } });
  ids.product = product.body.data.id;
  const scarce = await t.request<{ data: { id: number } }>({ method: 'POST', url: '/api/products', headers: bearer(admin), payload: { sku: 'DRIFT-2', name: 'Scarce', price: '9.00', stock_quantity: 1 } });
  ids.scarceProduct = scarce.body.data.id;
  const order = await t.request<{ data: { id: number } }>({ method: 'POST', url: '/api/orders', headers: bearer(customer), payload: { items: [{ product_id: ids.product, quantity: 1 }] } });
  ids.order = order.body.data.id;
});
afterAll(async () => {
  await t.close();
});

describe('routes', () => {
  it('serves every operation of the spec and documents every route it serves', () => {
    const served = new Set(
      t.app.servedRoutes.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD').map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`),
    );
    const documented = new Map(specOperations.map((op) => [`${op.method} ${op.path}`, op.operationId]));
    const notServed = [...documented].filter(([route]) => !served.has(route)).map(([route, id]) => `${id} (${route}) is in the spec but not served`);
    const undocumented = [...served].filter((route) => !documented.has(route)).map((route) => `${route} is served but not in openapi.yaml`);
    expect([...notServed, ...undocumented]).toEqual([]);
  });
});

describe('errors every operation shares, derived from the spec', () => {
  it.each(specOperations.map((op) => [op.operationId, op] as const))('%s', async (_id, op) => {
    const url = fillPath(op.path, { id: 1 });
    const body = exampleBody(op);
    const withBody = body === undefined ? {} : { payload: body as Record<string, unknown> };
    if (op.roles) {
      await call({ method: op.method, url, ...withBody }, 401);
      const excluded = (['user', 'manager'] as const).find((role) => !op.roles?.includes(role));
      if (excluded) await call({ method: op.method, url, headers: bearer(sessions()[excluded]), ...withBody }, 403);
      if (op.method !== 'GET') await call({ method: op.method, url, headers: browser(admin, { csrf: false }), ...withBody }, 403);
    }
    const auth = op.roles ? bearer(admin) : {};
    if (op.path.includes('{id}')) {
      await call({ method: op.method, url: fillPath(op.path, { id: 'abc' }), headers: auth, ...withBody }, 400);
      if (op.statuses.includes('404')) await call({ method: op.method, url: fillPath(op.path, { id: 999999 }), headers: auth, ...withBody }, 404);
    } else if (op.parameters.some((p) => p.in === 'query')) {
      await call({ method: op.method, url: `${url}?page=0`, headers: auth }, 400);
    }
    if (op.method !== 'GET') {
      const json = { ...auth, 'content-type': 'application/json' };
      if (op.requestBodySchema) await call({ method: op.method, url, headers: auth, payload: { unknown_field: true } }, 400);
      else if (!op.path.includes('{id}')) await call({ method: op.method, url, headers: json, payload: '{"broken":' }, 400);
      await call({ method: op.method, url, headers: json, payload: JSON.stringify({ padding: 'x'.repeat(110_000) }) }, 413);
      await call({ method: op.method, url, headers: { ...auth, 'content-type': 'text/plain' }, payload: 'plain text' }, 415);
    }
  });
});

describe('success and the errors particular to each operation', () => {
  it('auth', async () => {
    await call({ method: 'POST', url: '/api/auth/register', payload: { username: 'drifter', email: 'drifter@example.com', password: TEST_PASSWORD } }, 201);
    await call({ method: 'POST', url: '/api/auth/register', payload: { username: 'drifter', email: 'drifter2@example.com', password: TEST_PASSWORD } }, 409);
    await call({ method: 'POST', url: '/api/auth/login', payload: { email: 'drifter@example.com', password: 'wrong-password' } }, 401);
    const login = await call<{ data: { refresh_token: string } }>({ method: 'POST', url: '/api/auth/login', payload: { email: 'drifter@example.com', password: TEST_PASSWORD } }, 200);
    await call({ method: 'POST', url: '/api/auth/refresh', payload: { refresh_token: 'unknown.token' } }, 401);
    await call({ method: 'POST', url: '/api/auth/refresh', payload: { refresh_token: login.body.data.refresh_token } }, 200);
    const browsing = await t.sessionAs('user');
    await call({ method: 'POST', url: '/api/auth/refresh', headers: browser(browsing, { csrf: false }) }, 403);
    await call({ method: 'GET', url: '/api/auth/me', headers: bearer(customer) }, 200);
    const leaving = await t.sessionAs('user');
    await call({ method: 'POST', url: '/api/auth/logout', headers: bearer(leaving) }, 200);
  });

  it('users', async () => {
    await call({ method: 'GET', url: '/api/users', headers: bearer(manager) }, 200);
    await call({ method: 'GET', url: `/api/users/${customer.user.id}`, headers: bearer(customer) }, 200);
    await call({ method: 'GET', url: `/api/users/${admin.user.id}`, headers: bearer(customer) }, 403);
    await call({ method: 'PUT', url: `/api/users/${customer.user.id}`, headers: bearer(customer), payload: { username: 'drift_customer' } }, 200);
    await call({ method: 'PUT', url: `/api/users/${customer.user.id}`, headers: bearer(customer), payload: { username: admin.user.username } }, 409);
    await call({ method: 'PUT', url: `/api/users/${customer.user.id}`, headers: { ...bearer(customer), 'if-match': '"1"' }, payload: { username: 'drift_again' } }, 412);
    const leaving = await t.createUser('user');
    await call({ method: 'DELETE', url: `/api/users/${leaving.id}`, headers: bearer(admin) }, 200);
    await call({ method: 'DELETE', url: `/api/users/${admin.user.id}`, headers: bearer(admin) }, 409);
  });

  it('categories', async () => {
    await call({ method: 'GET', url: '/api/categories', headers: bearer(customer) }, 200);
    await call({ method: 'GET', url: '/api/categories/tree', headers: bearer(customer) }, 200);
    await call({ method: 'GET', url: `/api/categories/${ids.category}`, headers: bearer(customer) }, 200);
    const made = await call<{ data: { id: number } }>({ method: 'POST', url: '/api/categories', headers: bearer(manager), payload: { name: 'Drift spare' } }, 201);
    await call({ method: 'POST', url: '/api/categories', headers: bearer(manager), payload: { name: 'Drift spare' } }, 409);
    await call({ method: 'PUT', url: `/api/categories/${made.body.data.id}`, headers: bearer(manager), payload: { description: 'spare' } }, 200);
    await call({ method: 'PUT', url: `/api/categories/${ids.category}`, headers: bearer(manager), payload: { parent_id: ids.childCategory } }, 409);
    await call({ method: 'PUT', url: `/api/categories/${made.body.data.id}`, headers: { ...bearer(manager), 'if-match': '"1"' }, payload: { description: 'stale' } }, 412);
    await call({ method: 'DELETE', url: `/api/categories/${ids.category}`, headers: bearer(admin) }, 409);
    await call({ method: 'DELETE', url: `/api/categories/${made.body.data.id}`, headers: bearer(admin) }, 200);
  });

  it('products and inventory', async () => {
    await call({ method: 'GET', url: `/api/products?category_id=${ids.category}&include_descendants=true&fields=name,price`, headers: bearer(customer) }, 200);
    await call({ method: 'GET', url: `/api/products/${ids.product}`, headers: bearer(customer) }, 200);
    const made = await call<{ data: { id: number } }>({ method: 'POST', url: '/api/products', headers: bearer(manager), payload: { sku: 'DRIFT-3', name: 'Spare', price: '1.00' } }, 201);
    await call({ method: 'POST', url: '/api/products', headers: bearer(manager), payload: { sku: 'drift-3', name: 'Dup', price: '1.00' } }, 409);
    await call({ method: 'PUT', url: `/api/products/${made.body.data.id}`, headers: bearer(manager), payload: { price: '2.00' } }, 200);
    await call({ method: 'PUT', url: `/api/products/${made.body.data.id}`, headers: bearer(manager), payload: { sku: 'DRIFT-1' } }, 409);
    await call({ method: 'PUT', url: `/api/products/${made.body.data.id}`, headers: { ...bearer(manager), 'if-match': '"1"' }, payload: { price: '3.00' } }, 412);
    await call({ method: 'GET', url: `/api/products/${ids.product}/stock-movements`, headers: bearer(manager) }, 200);
    await call({ method: 'POST', url: `/api/products/${ids.product}/stock-adjustments`, headers: bearer(manager), payload: { delta: 5, note: 'delivery' } }, 201);
    await call({ method: 'POST', url: `/api/products/${ids.product}/stock-adjustments`, headers: bearer(manager), payload: { delta: -1000, note: 'too many' } }, 409);
    await call({ method: 'DELETE', url: `/api/products/${made.body.data.id}`, headers: bearer(admin) }, 200);
  });

  it('orders', async () => {
    const placed = await call<{ data: { id: number } }>({ method: 'POST', url: '/api/orders', headers: bearer(customer), payload: { items: [{ product_id: ids.product, quantity: 1 }] } }, 201);
    await call({ method: 'POST', url: '/api/orders', headers: bearer(customer), payload: { items: [{ product_id: ids.scarceProduct, quantity: 5 }] } }, 409);
    await call({ method: 'GET', url: '/api/orders', headers: bearer(customer) }, 200);
    await call({ method: 'GET', url: `/api/orders?user_id=${otherCustomer.user.id}`, headers: bearer(customer) }, 403);
    await call({ method: 'GET', url: `/api/orders/${ids.order}`, headers: bearer(customer) }, 200);
    await call({ method: 'GET', url: `/api/orders/${ids.order}`, headers: bearer(otherCustomer) }, 403);
    await call({ method: 'PUT', url: `/api/orders/${ids.order}`, headers: bearer(manager), payload: { status: 'shipped' } }, 409);
    await call({ method: 'PUT', url: `/api/orders/${ids.order}`, headers: { ...bearer(manager), 'if-match': '"9"' }, payload: { status: 'paid' } }, 412);
    await call({ method: 'PUT', url: `/api/orders/${ids.order}`, headers: bearer(manager), payload: { status: 'paid' } }, 200);
    await call({ method: 'DELETE', url: `/api/orders/${placed.body.data.id}`, headers: bearer(otherCustomer) }, 403);
    await call({ method: 'DELETE', url: `/api/orders/${placed.body.data.id}`, headers: bearer(customer) }, 200);
    await call({ method: 'DELETE', url: `/api/orders/${placed.body.data.id}`, headers: bearer(customer) }, 409);
    const toPay = await call<{ data: { id: number } }>({ method: 'POST', url: '/api/orders', headers: bearer(customer), payload: { items: [{ product_id: ids.product, quantity: 1 }] } }, 201);
    await call({ method: 'POST', url: `/api/orders/${toPay.body.data.id}/payment`, headers: bearer(otherCustomer) }, 403);
    await call({ method: 'POST', url: `/api/orders/${toPay.body.data.id}/payment`, headers: bearer(customer) }, 200);
    await call({ method: 'POST', url: `/api/orders/${toPay.body.data.id}/payment`, headers: bearer(customer) }, 409);
  });

  it('health and the spec', async () => {
    await call({ method: 'GET', url: '/api/health' }, 200);
    await call({ method: 'GET', url: '/api/health/ready' }, 200);
    await call({ method: 'GET', url: '/api/openapi.yaml' }, 200);
  });
});

/** Calls every operation once, as an admin with the spec's example body, on an app whose database misbehaves. */
async function callEveryOperation(app: Awaited<ReturnType<typeof buildApp>>, token: string, expected: number): Promise<string[]> {
  const failures: string[] = [];
  for (const op of specOperations) {
    if (UNREACHABLE[`${op.operationId} ${expected}`] !== undefined || !op.statuses.includes(String(expected))) continue;
    const url = fillPath(op.path, { id: 1 });
    const body = exampleBody(op);
    const res = await app.inject({ method: op.method as 'GET', url, headers: op.roles ? { authorization: `Bearer ${token}` } : {}, ...(body === undefined ? {} : { payload: body as Record<string, unknown> }) });
    record(op.method, url, res.statusCode);
    const problems = contractViolations(op.method, url, { statusCode: res.statusCode, headers: res.headers, body: res.body });
    if (res.statusCode !== expected || problems.length > 0) failures.push(`${op.operationId}: ${res.statusCode} ${problems.join('; ')}`);
  }
  return failures;
}

describe('failures of the database', () => {
  it('answers 500 INTERNAL_ERROR, with nothing internal, when the schema is broken', async () => {
    const broken = await createTestApp();
    try {
      const session = await broken.sessionAs('admin');
      for (const table of ['idempotency_keys', 'stock_movements', 'order_items', 'orders', 'products', 'categories', 'refresh_tokens', 'sessions', 'users']) {
        await sql`drop table ${sql.table(table)}`.execute(broken.db);
      }
      expect(await callEveryOperation(broken.app, session.accessToken, 500)).toEqual([]);
    } finally {
      await broken.close();
    }
  });

  it('answers 503 SERVICE_UNAVAILABLE when the database cannot be reached', async () => {
    const unreachable = connectDatabase({ dialect: 'postgres', connectionString: 'postgres://postgres@127.0.0.1:1/nowhere', poolMax: 1 });
    const app = await buildApp({ config: testConfig(), database: unreachable, migrate: false, silent: true });
    try {
      const token = app.jwt.sign({ sub: '1', sid: '00000000-0000-0000-0000-000000000000' });
      expect(await callEveryOperation(app, token, 503)).toEqual([]);
    } finally {
      await app.close();
      await unreachable.destroy();
    }
  });
});

describe('rate limits', () => {
  it('answers 429 RATE_LIMITED with Retry-After once a client has spent its budget, on every limited operation', async () => {
    const limited = await createTestApp({ RATE_LIMIT_MAX: '1', AUTH_RATE_LIMIT_MAX: '1' });
    try {
      const failures: string[] = [];
      for (const op of specOperations.filter((o) => o.statuses.includes('429'))) {
        const url = fillPath(op.path, { id: 1 });
        const address = `10.0.0.${specOperations.indexOf(op) + 1}`;
        await limited.app.inject({ method: op.method as 'GET', url, remoteAddress: address });
        const res = await limited.app.inject({ method: op.method as 'GET', url, remoteAddress: address });
        record(op.method, url, res.statusCode);
        const problems = contractViolations(op.method, url, { statusCode: res.statusCode, headers: res.headers, body: res.body });
        if (res.statusCode !== 429 || res.headers['retry-after'] === undefined || problems.length > 0) failures.push(`${op.operationId}: ${res.statusCode} ${problems.join('; ')}`);
      }
      expect(failures).toEqual([]);
    } finally {
      await limited.close();
    }
  });
});

describe('coverage', () => {
  it('has seen every documented status of every operation', () => {
    const missing = specOperations.flatMap((op) =>
      op.statuses
        .filter((status) => !observed.get(op.operationId)?.has(status) && UNREACHABLE[`${op.operationId} ${status}`] === undefined)
        .map((status) => `${op.operationId} ${status}`),
    );
    expect(missing, 'documented statuses no drift test reached').toEqual([]);
  });
});
