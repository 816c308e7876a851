import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../../src/generated/openapi.js';
import { testDialect } from '../helpers/database.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, apiClient, bearer, setCookies, startServer, type ApiClient, type ContractLog, type E2eServer } from './server.js';

type Product = components['schemas']['Product'];
type Order = components['schemas']['Order'];
type CategoryNode = components['schemas']['CategoryNode'];

/** The body of a successful call, failing the test with the error body otherwise. */
function ok<T>(result: { data?: T; error?: unknown; response: Response }, status: number): T {
  expect(result.response.status, JSON.stringify(result.error)).toBe(status);
  if (result.data === undefined) throw new Error(`expected a body with ${status}, got ${JSON.stringify(result.error)}`);
  return result.data;
}

const suffix = randomBytes(4).toString('hex');
const customer = { username: `cust_${suffix}`, email: `cust_${suffix}@example.com`, password: 'customer-password-1' };
const staff = { username: `mgr_${suffix}`, email: `mgr_${suffix}@example.com`, password: 'manager-password-1' };

describe(`end to end through the generated client, real server process (${testDialect})`, () => {
  let server: E2eServer;
  /** Every response of every client is checked against openapi.yaml; problems collect here. */
  const contract: ContractLog = { checked: 0, violations: [] };
  let anonymous: ApiClient;
  let customerClient: ApiClient;
  let customerId: number;
  let adminClient: ApiClient;
  const catalog: { kitchen: number; mugs: number; espresso: number; garden: number; mug: Product; cup: Product; spade: Product } = {
    kitchen: 0,
    mugs: 0,
    espresso: 0,
    garden: 0,
    mug: undefined as never,
    cup: undefined as never,
    spade: undefined as never,
  };

  const client = (headers: Record<string, string> = {}) => apiClient(server.baseUrl, contract, headers);
  const stockOf = async (id: number) => ok(await customerClient.GET('/api/products/{id}', { params: { path: { id } } }), 200).data.stock_quantity;

  beforeAll(async () => {
    server = await startServer();
    anonymous = client();
  });
  afterEach(() => {
    expect(contract.violations, 'responses that break openapi.yaml').toEqual([]);
  });
  afterAll(async () => {
    // Undefined only when beforeAll failed to start it.
    await (server as E2eServer | undefined)?.dispose();
  });

  it('1. a customer registers, logs in and reads their profile', async () => {
    const registered = ok(await anonymous.POST('/api/auth/register', { body: customer }), 201).data;
    expect(registered).toMatchObject({ username: customer.username, email: customer.email, role: 'user', active: true });
    customerId = registered.id;

    const session = ok(await anonymous.POST('/api/auth/login', { body: { email: customer.email, password: customer.password } }), 200).data;
    expect(session.token_type).toBe('Bearer');
    expect(session.access_token).not.toBe('');
    expect(session.user.id).toBe(customerId);
    customerClient = client(bearer(session.access_token));

    const me = await customerClient.GET('/api/auth/me');
    expect(ok(me, 200).data).toEqual(registered);
    expect(me.response.headers.get('etag')).toMatch(/^"/);

    const wrong = await anonymous.POST('/api/auth/login', { body: { email: customer.email, password: 'not-the-password' } });
    expect(wrong.response.status).toBe(401);
    expect(wrong.error?.error.code).toBe('UNAUTHORIZED');
    expect((await anonymous.GET('/api/auth/me')).response.status).toBe(401);
  });

  it('2. the admin builds the catalog; the customer browses the tree, a filtered product list and one product', async () => {
    const session = ok(await anonymous.POST('/api/auth/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } }), 200).data;
    expect(session.user.role).toBe('admin');
    adminClient = client(bearer(session.access_token));

    const category = async (name: string, parent_id: number | null) =>
      ok(await adminClient.POST('/api/categories', { body: { name, parent_id, description: `${name} things` } }), 201).data.id;
    catalog.kitchen = await category('Kitchen', null);
    catalog.mugs = await category('Mugs', catalog.kitchen);
    catalog.espresso = await category('Espresso cups', catalog.mugs);
    catalog.garden = await category('Garden', null);

    const product = async (sku: string, name: string, price: string, stock_quantity: number, category_id: number) =>
      ok(await adminClient.POST('/api/products', { body: { sku, name, price, stock_quantity, category_id, active: true } }), 201).data;
    catalog.mug = await product(`MUG-${suffix}`, 'Blue mug 350 ml', '12.50', 10, catalog.mugs);
    catalog.cup = await product(`CUP-${suffix}`, 'Espresso cup', '4.25', 20, catalog.espresso);
    catalog.spade = await product(`SPADE-${suffix}`, 'Spade', '30', 5, catalog.garden);
    expect(catalog.spade.price).toBe('30.00');

    // A customer may not build the catalog.
    const refused = await customerClient.POST('/api/categories', { body: { name: 'Mine' } });
    expect(refused.response.status).toBe(403);
    expect(refused.error?.error.code).toBe('FORBIDDEN');

    const tree = ok(await customerClient.GET('/api/categories/tree'), 200).data;
    const shape = (nodes: CategoryNode[]): unknown[] => nodes.map((n) => ({ name: n.name, children: shape(n.children) }));
    expect(shape(tree)).toEqual([
      { name: 'Garden', children: [] },
      { name: 'Kitchen', children: [{ name: 'Mugs', children: [{ name: 'Espresso cups', children: [] }] }] },
    ]);
    expect(tree[1]?.children[0]?.parent_id).toBe(catalog.kitchen);

    const below = ok(
      await customerClient.GET('/api/products', {
        params: { query: { category_id: catalog.kitchen, include_descendants: true, sort: '-price', fields: 'name,price' } },
      }),
      200,
    );
    expect(below.data).toEqual([
      { id: catalog.mug.id, name: 'Blue mug 350 ml', price: '12.50' },
      { id: catalog.cup.id, name: 'Espresso cup', price: '4.25' },
    ]);
    expect(below.meta).toMatchObject({ page: 1, total: 2, total_pages: 1 });

    const ascending = ok(
      await customerClient.GET('/api/products', {
        params: { query: { category_id: catalog.kitchen, include_descendants: true, sort: 'price', fields: 'id,sku' } },
      }),
      200,
    );
    expect(ascending.data).toEqual([
      { id: catalog.cup.id, sku: catalog.cup.sku },
      { id: catalog.mug.id, sku: catalog.mug.sku },
    ]);

    const directOnly = ok(await customerClient.GET('/api/products', { params: { query: { category_id: catalog.kitchen } } }), 200);
    expect(directOnly.data).toEqual([]);

    const one = await customerClient.GET('/api/products/{id}', { params: { path: { id: catalog.mug.id } } });
    expect(ok(one, 200).data).toEqual(catalog.mug);
    expect(one.data?.data).toMatchObject({ price: '12.50', stock_quantity: 10, category_id: catalog.mugs, active: true });
    expect(one.response.headers.get('etag')).toMatch(/^"/);

    const missing = await customerClient.GET('/api/products/{id}', { params: { path: { id: 2_000_000_000 } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.error.code).toBe('NOT_FOUND');
  });

  it('3. the customer places an order idempotently, lists it, cancels it, and the stock comes back', async () => {
    const key = randomUUID();
    const body = { items: [{ product_id: catalog.mug.id, quantity: 2 }, { product_id: catalog.cup.id, quantity: 3 }] };
    const placed = await customerClient.POST('/api/orders', { params: { header: { 'Idempotency-Key': key } }, body });
    const order = ok(placed, 201).data;
    expect(placed.response.headers.get('idempotent-replayed')).toBeNull();
    expect(order).toMatchObject({
      user_id: customerId,
      status: 'pending',
      total_amount: '37.75',
      items: [
        { product_id: catalog.mug.id, quantity: 2, unit_price: '12.50', line_total: '25.00' },
        { product_id: catalog.cup.id, quantity: 3, unit_price: '4.25', line_total: '12.75' },
      ],
    });
    expect(await stockOf(catalog.mug.id)).toBe(8);
    expect(await stockOf(catalog.cup.id)).toBe(17);

    const retried = await customerClient.POST('/api/orders', { params: { header: { 'Idempotency-Key': key } }, body });
    expect(ok(retried, 201).data.id).toBe(order.id);
    expect(retried.response.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.data?.data).toEqual(order);
    expect(await stockOf(catalog.mug.id)).toBe(8);

    // The same key with another body is refused rather than replayed.
    const reused = await customerClient.POST('/api/orders', {
      params: { header: { 'Idempotency-Key': key } },
      body: { items: [{ product_id: catalog.mug.id, quantity: 1 }] },
    });
    expect(reused.response.status).toBe(409);
    expect(reused.error?.error.code).toBe('CONFLICT');

    const listed = ok(await customerClient.GET('/api/orders'), 200);
    expect(listed.data.map((o) => o.id)).toEqual([order.id]);
    expect(listed.data[0]).toEqual(order);
    expect(listed.meta.total).toBe(1);

    const cancelled = await customerClient.DELETE('/api/orders/{id}', { params: { path: { id: order.id } } });
    expect(ok(cancelled, 200).data).toMatchObject({ id: order.id, status: 'cancelled', total_amount: '37.75' });
    expect(cancelled.response.headers.get('etag')).toMatch(/^"/);
    expect(await stockOf(catalog.mug.id)).toBe(10);
    expect(await stockOf(catalog.cup.id)).toBe(20);

    const again = await customerClient.DELETE('/api/orders/{id}', { params: { path: { id: order.id } } });
    expect(again.response.status).toBe(409);
    expect(again.error?.error.code).toBe('INVALID_STATE_TRANSITION');
  });

  it('4. a manager moves an order pending → paid → shipped → delivered with If-Match; a wrong move is 409', async () => {
    const registered = ok(await adminClient.POST('/api/auth/register', { body: staff }), 201).data;
    expect(registered.role).toBe('user');
    const promoted = ok(await adminClient.PUT('/api/users/{id}', { params: { path: { id: registered.id } }, body: { role: 'manager' } }), 200);
    expect(promoted.data).toMatchObject({ id: registered.id, role: 'manager' });
    const session = ok(await anonymous.POST('/api/auth/login', { body: { email: staff.email, password: staff.password } }), 200).data;
    expect(session.user.role).toBe('manager');
    const manager = client(bearer(session.access_token));

    const order = ok(await customerClient.POST('/api/orders', { body: { items: [{ product_id: catalog.spade.id, quantity: 2 }] } }), 201).data;
    expect(order).toMatchObject({ status: 'pending', total_amount: '60.00' });
    expect(await stockOf(catalog.spade.id)).toBe(3);

    // The customer may not move their own order along.
    const selfService = await customerClient.PUT('/api/orders/{id}', { params: { path: { id: order.id } }, body: { status: 'paid' } });
    expect(selfService.response.status).toBe(403);

    let staleEtag = '';
    for (const status of ['paid', 'shipped', 'delivered'] as const) {
      const read = await manager.GET('/api/orders/{id}', { params: { path: { id: order.id } } });
      ok(read, 200);
      const etag = read.response.headers.get('etag');
      expect(etag).toMatch(/^"/);
      if (etag === null) throw new Error('GET /api/orders/{id} sent no ETag');
      if (status === 'shipped') {
        // An ETag from before the last change no longer matches.
        const stale = await manager.PUT('/api/orders/{id}', {
          params: { path: { id: order.id }, header: { 'If-Match': staleEtag } },
          body: { status },
        });
        expect(stale.response.status).toBe(412);
        expect(stale.error?.error.code).toBe('PRECONDITION_FAILED');
      }
      const moved = await manager.PUT('/api/orders/{id}', { params: { path: { id: order.id }, header: { 'If-Match': etag } }, body: { status } });
      expect(ok(moved, 200).data).toMatchObject({ id: order.id, status });
      expect(moved.response.headers.get('etag')).not.toBe(etag);
      staleEtag = etag;
    }

    const wrong = await manager.PUT('/api/orders/{id}', { params: { path: { id: order.id } }, body: { status: 'cancelled' } });
    expect(wrong.response.status).toBe(409);
    expect(wrong.error?.error.code).toBe('INVALID_STATE_TRANSITION');
    expect(wrong.error?.error.details).toMatchObject({ from: 'delivered', to: 'cancelled' });

    const seen: Order = ok(await customerClient.GET('/api/orders/{id}', { params: { path: { id: order.id } } }), 200).data;
    expect(seen.status).toBe('delivered');
    expect(ok(await customerClient.GET('/api/orders', { params: { query: { status: 'delivered' } } }), 200).data.map((o) => o.id)).toEqual([order.id]);
    // A delivered order keeps its stock taken.
    expect(await stockOf(catalog.spade.id)).toBe(3);
  });

  it('5. a browser session: cookies only, CSRF required on unsafe requests, dead after logout', async () => {
    const login = await anonymous.POST('/api/auth/login', { body: { email: customer.email, password: customer.password } });
    const session = ok(login, 200).data;
    const cookies = setCookies(login.response);
    const access = cookies.get('access_token');
    const csrf = cookies.get('csrf_token');
    expect(access).toBe(session.access_token);
    expect(csrf).toBe(session.csrf_token);
    if (access === undefined || csrf === undefined) throw new Error('login set no session cookies');
    expect(login.response.headers.getSetCookie().find((c) => c.startsWith('access_token='))).toMatch(/HttpOnly/i);

    const browser = client({ cookie: `access_token=${access}; csrf_token=${csrf}` });
    expect(ok(await browser.GET('/api/auth/me'), 200).data.id).toBe(customerId);
    expect(ok(await browser.GET('/api/orders'), 200).meta.total).toBe(2);

    const forged = await browser.POST('/api/auth/logout');
    expect(forged.response.status).toBe(403);
    expect(forged.error?.error.code).toBe('FORBIDDEN');
    const forgedOrder = await browser.POST('/api/orders', { body: { items: [{ product_id: catalog.mug.id, quantity: 1 }] } });
    expect(forgedOrder.response.status).toBe(403);
    expect(await stockOf(catalog.mug.id)).toBe(10);
    // Still logged in: the refused POST changed nothing.
    expect((await browser.GET('/api/auth/me')).response.status).toBe(200);

    const logout = await browser.POST('/api/auth/logout', { headers: { 'x-csrf-token': csrf } });
    ok(logout, 200);
    const cleared = setCookies(logout.response);
    expect(cleared.get('access_token')).toBe('');

    const after = await browser.GET('/api/auth/me');
    expect(after.response.status).toBe(401);
    expect(after.error?.error.code).toBe('UNAUTHORIZED');
    // The bearer session from flow 1 is a different session and still works.
    expect((await customerClient.GET('/api/auth/me')).response.status).toBe(200);
  });

  it('6. the server process shuts down gracefully on SIGTERM, exiting 0', async () => {
    expect(await server.stop()).toBe(0);
    expect(server.run.output()).toContain('shutting down');
    expect(contract.violations).toEqual([]);
    expect(contract.checked).toBeGreaterThan(50);
  });
});
