import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, browser, createTestApp, type Session, type TestApp } from './helpers/app.js';

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

interface Category {
  id: number;
  name: string;
  description: string | null;
  parent_id: number | null;
}
interface Envelope<T = Category> {
  data: T;
  error: { code: string; message: string; details: Record<string, unknown> };
  meta: { total: number };
}
interface Node extends Category {
  children: Node[];
}

let seq = 0;
async function create(name: string, parentId: number | null = null, session: Session = manager): Promise<Category> {
  const res = await t.request<Envelope>({ method: 'POST', url: '/api/categories', headers: bearer(session), payload: { name, parent_id: parentId } });
  if (res.status !== 201) throw new Error(`create category: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}
const unique = (name: string) => `${name} ${(seq += 1)}`;

describe('POST /api/categories', () => {
  it('creates top-level and child categories for a manager, with an ETag', async () => {
    const root = await create(unique('Kitchen'));
    const res = await t.request<Envelope>({
      method: 'POST',
      url: '/api/categories',
      headers: bearer(manager),
      payload: { name: 'Mugs', description: 'Ceramic mugs', parent_id: root.id },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ name: 'Mugs', description: 'Ceramic mugs', parent_id: root.id });
    expect(res.headers.etag).toBe('"1"');
  });

  it('refuses a user (403) and creates nothing', async () => {
    const name = unique('Forbidden');
    const res = await t.request<Envelope>({ method: 'POST', url: '/api/categories', headers: bearer(user), payload: { name } });
    expect(res.status).toBe(403);
    expect(await t.db.selectFrom('categories').select('id').where('name', '=', name).executeTakeFirst()).toBeUndefined();
  });

  it('refuses a missing parent with 400 naming parent_id', async () => {
    const res = await t.request<Envelope>({ method: 'POST', url: '/api/categories', headers: bearer(manager), payload: { name: unique('Orphan'), parent_id: 999999 } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors).toEqual([{ location: 'body', path: '/parent_id', message: 'category 999999 does not exist' }]);
  });

  it('refuses a duplicate name among siblings, case-insensitively, but allows it elsewhere', async () => {
    const a = await create(unique('Parent A'));
    const b = await create(unique('Parent B'));
    await create('Cups', a.id);
    const dup = await t.request<Envelope>({ method: 'POST', url: '/api/categories', headers: bearer(manager), payload: { name: 'CUPS', parent_id: a.id } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details).toEqual({ field: 'name' });
    await create('Cups', b.id);
    const topName = unique('Top');
    await create(topName);
    const topDup = await t.request({ method: 'POST', url: '/api/categories', headers: bearer(manager), payload: { name: topName.toLowerCase() } });
    expect(topDup.status).toBe(409);
  });

  it.each([
    ['markup in the name', { name: '<b>bold</b>' }],
    ['an empty name', { name: '' }],
    ['a parent id of the wrong type', { name: 'x', parent_id: '3' }],
    ['an unknown field', { name: 'x', id: 5 }],
  ])('answers 400 for %s', async (_case, payload) => {
    const res = await t.request<Envelope>({ method: 'POST', url: '/api/categories', headers: bearer(manager), payload });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
  });

  it('needs the CSRF token when authenticated by cookie', async () => {
    const res = await t.request({ method: 'POST', url: '/api/categories', headers: browser(manager, { csrf: false }), payload: { name: unique('Csrf') } });
    expect(res.status).toBe(403);
  });
});

describe('PUT /api/categories/{id}', () => {
  it('refuses a move under its own descendant (a cycle) with 409 and changes nothing', async () => {
    const a = await create(unique('A'));
    const b = await create('B', a.id);
    const c = await create('C', b.id);
    const res = await t.request<Envelope>({ method: 'PUT', url: `/api/categories/${a.id}`, headers: bearer(manager), payload: { parent_id: c.id } });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({ field: 'parent_id', reason: 'cycle' });
    const self = await t.request({ method: 'PUT', url: `/api/categories/${a.id}`, headers: bearer(manager), payload: { parent_id: a.id } });
    expect(self.status).toBe(409);
    const row = await t.db.selectFrom('categories').select('parent_id').where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row.parent_id).toBeNull();
  });

  it('moves a category to another parent and back to the top level', async () => {
    const a = await create(unique('Move A'));
    const b = await create(unique('Move B'));
    const moved = await t.request<Envelope>({ method: 'PUT', url: `/api/categories/${b.id}`, headers: bearer(manager), payload: { parent_id: a.id } });
    expect(moved.body.data.parent_id).toBe(a.id);
    const top = await t.request<Envelope>({ method: 'PUT', url: `/api/categories/${b.id}`, headers: bearer(manager), payload: { parent_id: null } });
    expect(top.status).toBe(200);
    expect(top.body.data.parent_id).toBeNull();
    expect(top.headers.etag).toBe('"3"');
  });

  it('answers 412 for a stale If-Match and keeps the newer change', async () => {
    const c = await create(unique('Etag'));
    const first = await t.request({ method: 'PUT', url: `/api/categories/${c.id}`, headers: { ...bearer(manager), 'if-match': '"1"' }, payload: { description: 'first' } });
    expect(first.status).toBe(200);
    const stale = await t.request<Envelope>({ method: 'PUT', url: `/api/categories/${c.id}`, headers: { ...bearer(manager), 'if-match': '"1"' }, payload: { description: 'second' } });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('PRECONDITION_FAILED');
    const row = await t.db.selectFrom('categories').select('description').where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row.description).toBe('first');
  });

  it('answers 404 for a missing category and 400 for a missing new parent', async () => {
    expect((await t.request({ method: 'PUT', url: '/api/categories/999999', headers: bearer(manager), payload: { name: 'x' } })).status).toBe(404);
    const c = await create(unique('Lonely'));
    expect((await t.request({ method: 'PUT', url: `/api/categories/${c.id}`, headers: bearer(manager), payload: { parent_id: 999999 } })).status).toBe(400);
  });
});

describe('DELETE /api/categories/{id}', () => {
  it('refuses a category with children or products (409) and deletes an empty one', async () => {
    const parent = await create(unique('Parent'));
    const child = await create('Child', parent.id);
    const withChild = await t.request<Envelope>({ method: 'DELETE', url: `/api/categories/${parent.id}`, headers: bearer(admin) });
    expect(withChild.status).toBe(409);
    expect(withChild.body.error.details).toEqual({ children: 1, products: 0 });
    await t.request({ method: 'POST', url: '/api/products', headers: bearer(admin), payload: { sku: `CAT-${child.id}`, name: 'Thing', price: '1.00', category_id: child.id } });
    const withProduct = await t.request<Envelope>({ method: 'DELETE', url: `/api/categories/${child.id}`, headers: bearer(admin) });
    expect(withProduct.status).toBe(409);
    const empty = await create(unique('Empty'));
    const res = await t.request({ method: 'DELETE', url: `/api/categories/${empty.id}`, headers: bearer(admin) });
    expect(res.status).toBe(200);
    expect(await t.db.selectFrom('categories').select('id').where('id', '=', empty.id).executeTakeFirst()).toBeUndefined();
  });

  it('is admin-only', async () => {
    const c = await create(unique('Keep'));
    expect((await t.request({ method: 'DELETE', url: `/api/categories/${c.id}`, headers: bearer(manager) })).status).toBe(403);
    expect((await t.request({ method: 'DELETE', url: '/api/categories/999999', headers: bearer(admin) })).status).toBe(404);
  });
});

describe('GET /api/categories', () => {
  it('filters by parent and by top level, sorted by name then id', async () => {
    const parent = await create(unique('Listing'));
    await create('Zeta', parent.id);
    await create('alpha', parent.id);
    const children = await t.request<Envelope<Category[]>>({ method: 'GET', url: `/api/categories?parent_id=${parent.id}`, headers: bearer(user) });
    expect(children.status).toBe(200);
    expect(children.body.data.map((c) => c.name)).toEqual(['Zeta', 'alpha'].sort());
    expect(children.body.meta.total).toBe(2);
    const roots = await t.request<Envelope<Category[]>>({ method: 'GET', url: '/api/categories?roots_only=true&per_page=100', headers: bearer(user) });
    expect(roots.body.data.every((c) => c.parent_id === null)).toBe(true);
  });

  it('returns the whole tree nested under parents', async () => {
    const root = await create(unique('Tree'));
    const mid = await create('Mid', root.id);
    await create('Leaf', mid.id);
    const res = await t.request<Envelope<Node[]>>({ method: 'GET', url: '/api/categories/tree', headers: bearer(user) });
    const node = res.body.data.find((n) => n.id === root.id);
    expect(node?.children.map((c) => c.name)).toEqual(['Mid']);
    expect(node?.children[0]?.children.map((c) => c.name)).toEqual(['Leaf']);
  });

  it('gets one category with its ETag, and 404 for a missing one', async () => {
    const c = await create(unique('Single'));
    const res = await t.request<Envelope>({ method: 'GET', url: `/api/categories/${c.id}`, headers: bearer(user) });
    expect(res.body.data.id).toBe(c.id);
    expect(res.headers.etag).toBe('"1"');
    expect((await t.request({ method: 'GET', url: '/api/categories/999999', headers: bearer(user) })).status).toBe(404);
  });
});

describe('text the two databases must treat alike', () => {
  it('folds non-ASCII case for sibling uniqueness on both dialects', async () => {
    const parent = await create(unique('Unicode'));
    await create('Électronique', parent.id);
    const dup = await t.request<Envelope>({ method: 'POST', url: '/api/categories', headers: bearer(manager), payload: { name: 'électronique', parent_id: parent.id } });
    expect(dup.status).toBe(409);
  });

  it('refuses a NUL byte with 400 instead of failing in the database', async () => {
    const res = await t.request<Envelope>({ method: 'POST', url: '/api/categories', headers: bearer(manager), payload: { name: 'a\u0000b' } });
    expect(res.status).toBe(400);
  });
});
