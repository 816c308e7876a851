import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type Session, type TestApp } from './helpers/app.js';

let t: TestApp;
let admin: Session;
let manager: Session;
let user: Session;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.sessionAs('admin');
  manager = await t.sessionAs('manager');
  user = await t.sessionAs('user');
});
afterAll(async () => {
  await t.close();
});

interface Product {
  id: number;
  sku: string;
  name: string;
  description: string | null;
  price: string;
  stock_quantity: number;
  category_id: number | null;
  active: boolean;
}
interface Envelope<T = Product> {
  data: T;
  error: { code: string; message: string; details: Record<string, unknown> };
  meta: { page: number; per_page: number; total: number; total_pages: number };
}

let seq = 0;
async function createProduct(fields: Partial<Omit<Product, 'id'>> & { stock_quantity?: number } = {}): Promise<Product> {
  seq += 1;
  const res = await t.request<Envelope>({
    method: 'POST',
    url: '/api/products',
    headers: bearer(manager),
    payload: { sku: `SKU-${seq}-${process.pid}`, name: `Product ${seq}`, price: '10.00', ...fields },
  });
  if (res.status !== 201) throw new Error(`create product: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}
async function createCategory(name: string, parentId: number | null = null): Promise<number> {
  const res = await t.request<Envelope<{ id: number }>>({ method: 'POST', url: '/api/categories', headers: bearer(manager), payload: { name, parent_id: parentId } });
  return res.body.data.id;
}
const list = (query: string, session: Session = user) =>
  t.request<Envelope<Partial<Product>[]>>({ method: 'GET', url: `/api/products?${query}`, headers: bearer(session) });

describe('POST /api/products', () => {
  it('stores the price as integer cents, shows two decimals and records initial stock in the ledger', async () => {
    const product = await createProduct({ price: '19.9', stock_quantity: 7 });
    expect(product).toMatchObject({ price: '19.90', stock_quantity: 7, active: true });
    const row = await t.db.selectFrom('products').select(['price_cents', 'stock_quantity']).where('id', '=', product.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ price_cents: 1990, stock_quantity: 7 });
    const movements = await t.db.selectFrom('stock_movements').select(['delta', 'reason', 'user_id']).where('product_id', '=', product.id).execute();
    expect(movements).toEqual([{ delta: 7, reason: 'initial', user_id: manager.user.id }]);
  });

  it('refuses a duplicate SKU case-insensitively', async () => {
    const product = await createProduct();
    const res = await t.request<Envelope>({ method: 'POST', url: '/api/products', headers: bearer(manager), payload: { sku: product.sku.toLowerCase(), name: 'Dup', price: '1.00' } });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({ field: 'sku' });
  });

  it.each([
    ['a float price', { price: 19.99 }],
    ['three decimals', { price: '1.999' }],
    ['a negative price', { price: '-1.00' }],
    ['negative stock', { stock_quantity: -1 }],
    ['a stock field of the wrong type', { stock_quantity: '5' }],
    ['markup in the name', { name: '<img src=x onerror=alert(1)>' }],
  ])('answers 400 for %s and creates nothing', async (_case, override) => {
    const before = await t.db.selectFrom('products').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await t.request<Envelope>({ method: 'POST', url: '/api/products', headers: bearer(manager), payload: { sku: 'BAD-1', name: 'Bad', price: '1.00', ...override } });
    expect(res.status).toBe(400);
    const after = await t.db.selectFrom('products').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('refuses a missing category with 400 and a user with 403', async () => {
    const missing = await t.request<Envelope>({ method: 'POST', url: '/api/products', headers: bearer(manager), payload: { sku: 'NOCAT', name: 'x', price: '1.00', category_id: 999999 } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.errors).toEqual([{ location: 'body', path: '/category_id', message: 'category 999999 does not exist' }]);
    const asUser = await t.request({ method: 'POST', url: '/api/products', headers: bearer(user), payload: { sku: 'USR', name: 'x', price: '1.00' } });
    expect(asUser.status).toBe(403);
  });
});

describe('GET /api/products', () => {
  it('filters by category with or without descendants', async () => {
    const root = await createCategory(`Filter root ${process.pid}`);
    const child = await createCategory('Filter child', root);
    const inRoot = await createProduct({ category_id: root });
    const inChild = await createProduct({ category_id: child });
    const direct = await list(`category_id=${root}`);
    expect(direct.body.data.map((p) => p.id)).toEqual([inRoot.id]);
    const deep = await list(`category_id=${root}&include_descendants=true`);
    expect(deep.body.data.map((p) => p.id)).toEqual([inRoot.id, inChild.id]);
  });

  it('filters by price range, stock and text, and sorts with id as the tie-breaker', async () => {
    const category = await createCategory(`Range ${process.pid}`);
    const cheap = await createProduct({ category_id: category, price: '5.00', name: 'Cheap spoon', stock_quantity: 3 });
    const mid1 = await createProduct({ category_id: category, price: '20.00', name: 'Blue mug' });
    const mid2 = await createProduct({ category_id: category, price: '20.00', name: 'Red mug', stock_quantity: 2 });
    const dear = await createProduct({ category_id: category, price: '99.99', name: 'Teapot' });
    const byPrice = await list(`category_id=${category}&min_price=10&max_price=50&sort=-price`);
    // Equal prices: id breaks the tie, in the direction of the first sort field.
    expect(byPrice.body.data.map((p) => p.id)).toEqual([mid2.id, mid1.id]);
    const inStock = await list(`category_id=${category}&in_stock=true&sort=price`);
    expect(inStock.body.data.map((p) => p.id)).toEqual([cheap.id, mid2.id]);
    const search = await list(`category_id=${category}&q=MUG&sort=-name`);
    expect(search.body.data.map((p) => p.id)).toEqual([mid2.id, mid1.id]);
    const bySku = await list(`q=${encodeURIComponent(dear.sku.toLowerCase())}`);
    expect(bySku.body.data.map((p) => p.id)).toEqual([dear.id]);
    const literalPercent = await list(`category_id=${category}&q=%25`);
    expect(literalPercent.body.data).toEqual([]);
  });

  it('returns only the requested fields (plus id)', async () => {
    const category = await createCategory(`Sparse ${process.pid}`);
    const product = await createProduct({ category_id: category, price: '3.50' });
    const res = await list(`category_id=${category}&fields=name,price`);
    expect(res.body.data).toEqual([{ id: product.id, name: product.name, price: '3.50' }]);
  });

  it('pages with meta', async () => {
    const category = await createCategory(`Paging ${process.pid}`);
    for (let i = 0; i < 5; i += 1) await createProduct({ category_id: category });
    const page2 = await list(`category_id=${category}&per_page=2&page=2`);
    expect(page2.body.meta).toEqual({ page: 2, per_page: 2, total: 5, total_pages: 3 });
    expect(page2.body.data).toHaveLength(2);
  });

  it.each(['sort=password', 'fields=price_cents', 'min_price=abc', 'per_page=1000', 'category_id=0'])('answers 400 for %s', async (query) => {
    const res = await list(query);
    expect(res.status).toBe(400);
  });
});

describe('PUT /api/products/{id}', () => {
  it('updates fields for a manager and bumps the ETag', async () => {
    const product = await createProduct();
    const res = await t.request<Envelope>({ method: 'PUT', url: `/api/products/${product.id}`, headers: { ...bearer(manager), 'if-match': '"1"' }, payload: { price: '11.99', name: 'Renamed' } });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ price: '11.99', name: 'Renamed' });
    expect(res.headers.etag).toBe('"2"');
  });

  it('answers 412 when someone else changed it first, and loses no update', async () => {
    const product = await createProduct();
    const url = `/api/products/${product.id}`;
    await t.request({ method: 'PUT', url, headers: { ...bearer(manager), 'if-match': '"1"' }, payload: { price: '1.00' } });
    const stale = await t.request<Envelope>({ method: 'PUT', url, headers: { ...bearer(admin), 'if-match': '"1"' }, payload: { price: '2.00' } });
    expect(stale.status).toBe(412);
    expect(stale.body.error.details).toEqual({ current_etag: '"2"' });
    const row = await t.db.selectFrom('products').select('price_cents').where('id', '=', product.id).executeTakeFirstOrThrow();
    expect(row.price_cents).toBe(100);
  });

  it('refuses setting stock directly (the ledger is the only way) and refuses a user', async () => {
    const product = await createProduct({ stock_quantity: 1 });
    const direct = await t.request<Envelope>({ method: 'PUT', url: `/api/products/${product.id}`, headers: bearer(manager), payload: { stock_quantity: 100 } });
    expect(direct.status).toBe(400);
    expect(direct.body.error.details.errors).toContainEqual({ location: 'body', path: '/stock_quantity', message: "unknown field 'stock_quantity'" });
    const asUser = await t.request({ method: 'PUT', url: `/api/products/${product.id}`, headers: bearer(user), payload: { name: 'Mine' } });
    expect(asUser.status).toBe(403);
  });
});

describe('DELETE /api/products/{id}', () => {
  it('deletes a product that no order refers to, with its ledger', async () => {
    const product = await createProduct({ stock_quantity: 4 });
    const res = await t.request<Envelope<{ id: number; outcome: string }>>({ method: 'DELETE', url: `/api/products/${product.id}`, headers: bearer(admin) });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ id: product.id, outcome: 'deleted' });
    expect(await t.db.selectFrom('products').select('id').where('id', '=', product.id).executeTakeFirst()).toBeUndefined();
  });

  it('deactivates a product that orders refer to: it leaves the catalog, the order stays whole', async () => {
    const product = await createProduct({ stock_quantity: 4, price: '7.00' });
    const order = await t.request<Envelope<{ id: number }>>({ method: 'POST', url: '/api/orders', headers: bearer(user), payload: { items: [{ product_id: product.id, quantity: 2 }] } });
    expect(order.status).toBe(201);
    const res = await t.request<Envelope<{ id: number; outcome: string }>>({ method: 'DELETE', url: `/api/products/${product.id}`, headers: bearer(admin) });
    expect(res.body.data.outcome).toBe('deactivated');
    expect((await t.request({ method: 'GET', url: `/api/products/${product.id}`, headers: bearer(user) })).status).toBe(404);
    const staffView = await t.request<Envelope>({ method: 'GET', url: `/api/products/${product.id}`, headers: bearer(manager) });
    expect(staffView.body.data.active).toBe(false);
    const catalog = await list(`q=${encodeURIComponent(product.sku)}`);
    expect(catalog.body.data).toEqual([]);
    const deactivatedList = await list(`q=${encodeURIComponent(product.sku)}&active=false`, manager);
    expect(deactivatedList.body.data.map((p) => p.id)).toEqual([product.id]);
    const kept = await t.request<Envelope<{ items: { product_id: number; unit_price: string }[] }>>({ method: 'GET', url: `/api/orders/${order.body.data.id}`, headers: bearer(user) });
    expect(kept.body.data.items).toEqual([{ product_id: product.id, quantity: 2, unit_price: '7.00', line_total: '14.00' }]);
    const reorder = await t.request({ method: 'POST', url: '/api/orders', headers: bearer(user), payload: { items: [{ product_id: product.id, quantity: 1 }] } });
    expect(reorder.status).toBe(400);
  });

  it('is admin-only and answers 404 for a missing product', async () => {
    const product = await createProduct();
    expect((await t.request({ method: 'DELETE', url: `/api/products/${product.id}`, headers: bearer(manager) })).status).toBe(403);
    expect((await t.request({ method: 'DELETE', url: '/api/products/999999', headers: bearer(admin) })).status).toBe(404);
  });
});

describe('limits and comparisons', () => {
  it('refuses an adjustment past the stock ceiling with 400 and changes nothing', async () => {
    const product = await createProduct({ stock_quantity: 5 });
    await t.db.updateTable('products').set({ stock_quantity: 999_999_999 }).where('id', '=', product.id).execute();
    const res = await t.request<Envelope>({ method: 'POST', url: `/api/products/${product.id}/stock-adjustments`, headers: bearer(manager), payload: { delta: 1_000_000, note: 'too much' } });
    expect(res.status).toBe(400);
    const row = await t.db.selectFrom('products').select('stock_quantity').where('id', '=', product.id).executeTakeFirstOrThrow();
    expect(row.stock_quantity).toBe(999_999_999);
  });

  it('compares If-Match strongly: a weak ETag never matches', async () => {
    const product = await createProduct();
    const res = await t.request({ method: 'PUT', url: `/api/products/${product.id}`, headers: { ...bearer(manager), 'if-match': 'W/"1"' }, payload: { name: 'weak' } });
    expect(res.status).toBe(412);
  });

  it('validates header parameters from the spec (If-Match longer than documented)', async () => {
    const product = await createProduct();
    const res = await t.request<Envelope>({ method: 'PUT', url: `/api/products/${product.id}`, headers: { ...bearer(manager), 'if-match': `"${'9'.repeat(150)}"` }, payload: { name: 'long' } });
    expect(res.status).toBe(400);
    expect((res.body.error.details.errors as { location: string }[])[0]?.location).toBe('header');
  });

  it('finds non-ASCII text case-insensitively on both dialects, and refuses a NUL in q', async () => {
    const category = await createCategory(`Accents ${process.pid}`);
    const product = await createProduct({ category_id: category, name: 'Élan bowl' });
    const found = await list(`category_id=${category}&q=${encodeURIComponent('élan')}`);
    expect(found.body.data.map((p) => p.id)).toEqual([product.id]);
    expect((await list('q=%00')).status).toBe(400);
  });
});
