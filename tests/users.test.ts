import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, browser, createTestApp, TEST_PASSWORD, type Session, type TestApp } from './helpers/app.js';

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

interface Envelope {
  data: Record<string, unknown> & { id: number };
  error: { code: string; message: string; details: Record<string, unknown> };
  meta: { page: number; per_page: number; total: number; total_pages: number };
}
interface ListEnvelope {
  data: { id: number; username: string; role: string; active: boolean; created_at: string }[];
  meta: { page: number; per_page: number; total: number; total_pages: number };
}

const userRow = (id: number) => t.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('GET /api/users', () => {
  it('answers 403 FORBIDDEN to a user, naming the roles allowed', async () => {
    const res = await t.request<Envelope>({ method: 'GET', url: '/api/users', headers: bearer(user) });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', details: { required_roles: ['admin', 'manager'] } });
  });

  it('answers 401 without a session', async () => {
    expect((await t.request({ method: 'GET', url: '/api/users' })).status).toBe(401);
  });

  it('pages through accounts for a manager with stable ordering and meta', async () => {
    for (let i = 0; i < 5; i += 1) await t.createUser('user');
    const total = (await t.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const first = await t.request<ListEnvelope>({ method: 'GET', url: '/api/users?per_page=2&page=1', headers: bearer(manager) });
    const second = await t.request<ListEnvelope>({ method: 'GET', url: '/api/users?per_page=2&page=2', headers: bearer(manager) });
    expect(first.status).toBe(200);
    expect(first.body.meta).toEqual({ page: 1, per_page: 2, total, total_pages: Math.ceil(total / 2) });
    const ids = [...first.body.data, ...second.body.data].map((u) => u.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(4);
  });

  it('filters by role and active, searches by text and sorts descending', async () => {
    await t.createUser('manager', { username: 'findme_mgr' });
    const byRole = await t.request<ListEnvelope>({ method: 'GET', url: '/api/users?role=manager&active=true', headers: bearer(admin) });
    expect(byRole.body.data.length).toBeGreaterThanOrEqual(2);
    expect(byRole.body.data.every((u) => u.role === 'manager' && u.active)).toBe(true);
    const search = await t.request<ListEnvelope>({ method: 'GET', url: '/api/users?q=FINDME', headers: bearer(admin) });
    expect(search.body.data.map((u) => u.username)).toEqual(['findme_mgr']);
    const wildcard = await t.request<ListEnvelope>({ method: 'GET', url: '/api/users?q=%25', headers: bearer(admin) });
    expect(wildcard.body.data).toEqual([]);
    const sorted = await t.request<ListEnvelope>({ method: 'GET', url: '/api/users?sort=-id', headers: bearer(admin) });
    const ids = sorted.body.data.map((u) => u.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it.each([['per_page=101'], ['page=0'], ['sort=password_hash'], ['role=root'], ['active=maybe']])(
    'answers 400 for the bad query %s',
    async (query) => {
      const res = await t.request<Envelope>({ method: 'GET', url: `/api/users?${query}`, headers: bearer(admin) });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect((res.body.error.details.errors as { location: string }[])[0]?.location).toBe('query');
    },
  );
});

describe('GET /api/users/{id}', () => {
  it('lets a user read their own account, with an ETag', async () => {
    const res = await t.request<Envelope>({ method: 'GET', url: `/api/users/${user.user.id}`, headers: bearer(user) });
    expect(res.status).toBe(200);
    expect(res.body.data.id).toBe(user.user.id);
    expect(res.headers.etag).toMatch(/^"\d+"$/);
    expect(res.body.data).not.toHaveProperty('password_hash');
  });

  it("refuses a user reading someone else's account", async () => {
    const res = await t.request<Envelope>({ method: 'GET', url: `/api/users/${admin.user.id}`, headers: bearer(user) });
    expect(res.status).toBe(403);
  });

  it('lets a manager read any account and answers 404 for a missing one', async () => {
    expect((await t.request({ method: 'GET', url: `/api/users/${user.user.id}`, headers: bearer(manager) })).status).toBe(200);
    const missing = await t.request<Envelope>({ method: 'GET', url: '/api/users/999999', headers: bearer(manager) });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
  });

  it.each(['abc', '0', '-1', '1.5', '99999999999'])('answers 400 for the bad id %s', async (id) => {
    const res = await t.request<Envelope>({ method: 'GET', url: `/api/users/${id}`, headers: bearer(admin) });
    expect(res.status).toBe(400);
    expect((res.body.error.details.errors as { location: string }[])[0]?.location).toBe('path');
  });
});

describe('PUT /api/users/{id}', () => {
  it('lets a user change their own username and bumps the ETag', async () => {
    const own = await t.sessionAs('user');
    const res = await t.request<Envelope>({
      method: 'PUT',
      url: `/api/users/${own.user.id}`,
      headers: bearer(own),
      payload: { username: `renamed_${own.user.id}` },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.username).toBe(`renamed_${own.user.id}`);
    expect(res.headers.etag).toBe('"2"');
  });

  it('refuses a user changing their own role and changes nothing', async () => {
    const own = await t.sessionAs('user');
    const res = await t.request<Envelope>({ method: 'PUT', url: `/api/users/${own.user.id}`, headers: bearer(own), payload: { role: 'admin' } });
    expect(res.status).toBe(403);
    expect(res.body.error.details).toEqual({ fields: ['role'] });
    expect((await userRow(own.user.id)).role).toBe('user');
  });

  it("refuses a user or a manager editing someone else's profile", async () => {
    const target = await t.createUser('user');
    for (const actor of [user, manager]) {
      const res = await t.request({ method: 'PUT', url: `/api/users/${target.id}`, headers: bearer(actor), payload: { username: 'hijacked' } });
      expect(res.status).toBe(403);
    }
    expect((await userRow(target.id)).username).toBe(target.username);
  });

  it('lets an admin change a role', async () => {
    const target = await t.createUser('user');
    const res = await t.request<Envelope>({ method: 'PUT', url: `/api/users/${target.id}`, headers: bearer(admin), payload: { role: 'manager' } });
    expect(res.status).toBe(200);
    expect(res.body.data.role).toBe('manager');
  });

  it('needs the current password to change your own, then ends your other sessions', async () => {
    const account = await t.createUser('user');
    const here = await t.login(account.email);
    const elsewhere = await t.login(account.email);
    const url = `/api/users/${account.id}`;
    const missing = await t.request<Envelope>({ method: 'PUT', url, headers: bearer(here), payload: { password: 'a-new-password' } });
    expect(missing.status).toBe(400);
    const wrong = await t.request({ method: 'PUT', url, headers: bearer(here), payload: { password: 'a-new-password', current_password: 'nope-nope' } });
    expect(wrong.status).toBe(403);
    const ok = await t.request({ method: 'PUT', url, headers: bearer(here), payload: { password: 'a-new-password', current_password: TEST_PASSWORD } });
    expect(ok.status).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/auth/me', headers: bearer(here) })).status).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/auth/me', headers: bearer(elsewhere) })).status).toBe(401);
    await t.login(account.email, 'a-new-password');
  });

  it('answers 412 when If-Match names an old version, and applies with the current one', async () => {
    const target = await t.createUser('user');
    const url = `/api/users/${target.id}`;
    const first = await t.request({ method: 'PUT', url, headers: { ...bearer(admin), 'if-match': '"1"' }, payload: { username: `v2_${target.id}` } });
    expect(first.status).toBe(200);
    const stale = await t.request<Envelope>({ method: 'PUT', url, headers: { ...bearer(admin), 'if-match': '"1"' }, payload: { username: `lost_${target.id}` } });
    expect(stale.status).toBe(412);
    expect(stale.body.error).toMatchObject({ code: 'PRECONDITION_FAILED', details: { current_etag: '"2"' } });
    expect((await userRow(target.id)).username).toBe(`v2_${target.id}`);
  });

  it('answers 409 for a username that is taken and 400 for an empty body', async () => {
    const own = await t.sessionAs('user');
    const taken = await t.request<Envelope>({ method: 'PUT', url: `/api/users/${own.user.id}`, headers: bearer(own), payload: { username: admin.user.username.toUpperCase() } });
    expect(taken.status).toBe(409);
    const empty = await t.request({ method: 'PUT', url: `/api/users/${own.user.id}`, headers: bearer(own), payload: {} });
    expect(empty.status).toBe(400);
  });

  it('needs the CSRF token when authenticated by cookie', async () => {
    const own = await t.sessionAs('user');
    const res = await t.request({ method: 'PUT', url: `/api/users/${own.user.id}`, headers: browser(own, { csrf: false }), payload: { username: 'csrf_victim' } });
    expect(res.status).toBe(403);
    const ok = await t.request({ method: 'PUT', url: `/api/users/${own.user.id}`, headers: browser(own), payload: { username: `csrf_ok_${own.user.id}` } });
    expect(ok.status).toBe(200);
  });
});

describe('DELETE /api/users/{id}', () => {
  it('is refused to a manager', async () => {
    const target = await t.createUser('user');
    const res = await t.request({ method: 'DELETE', url: `/api/users/${target.id}`, headers: bearer(manager) });
    expect(res.status).toBe(403);
    expect(Boolean((await userRow(target.id)).active)).toBe(true);
  });

  it('deactivates the account, keeps the row and ends its sessions at once', async () => {
    const target = await t.createUser('user');
    const theirs = await t.login(target.email);
    const res = await t.request<Envelope>({ method: 'DELETE', url: `/api/users/${target.id}`, headers: bearer(admin) });
    expect(res.status).toBe(200);
    expect(res.body.data.active).toBe(false);
    expect(Boolean((await userRow(target.id)).active)).toBe(false);
    expect((await t.request({ method: 'GET', url: '/api/auth/me', headers: bearer(theirs) })).status).toBe(401);
    expect((await t.request({ method: 'POST', url: '/api/auth/login', payload: { email: target.email, password: TEST_PASSWORD } })).status).toBe(401);
    const again = await t.request({ method: 'DELETE', url: `/api/users/${target.id}`, headers: bearer(admin) });
    expect(again.status).toBe(200);
  });

  it('refuses to deactivate or demote the last active admin', async () => {
    const solo = await createTestApp();
    try {
      const only = await solo.sessionAs('admin');
      const del = await solo.request<Envelope>({ method: 'DELETE', url: `/api/users/${only.user.id}`, headers: bearer(only) });
      expect(del.status).toBe(409);
      const demote = await solo.request({ method: 'PUT', url: `/api/users/${only.user.id}`, headers: bearer(only), payload: { role: 'user' } });
      expect(demote.status).toBe(409);
    } finally {
      await solo.close();
    }
  });

  it('answers 404 for a missing account', async () => {
    expect((await t.request({ method: 'DELETE', url: '/api/users/424242', headers: bearer(admin) })).status).toBe(404);
  });
});

describe('the last active admin under concurrency', () => {
  it('survives two admins deactivating each other at the same moment', async () => {
    const pair = await createTestApp();
    try {
      for (let round = 0; round < 5; round += 1) {
        const a = await pair.sessionAs('admin');
        const b = await pair.sessionAs('admin');
        await Promise.all([
          pair.request({ method: 'DELETE', url: `/api/users/${b.user.id}`, headers: bearer(a) }),
          pair.request({ method: 'DELETE', url: `/api/users/${a.user.id}`, headers: bearer(b) }),
        ]);
        const admins = await pair.db.selectFrom('users').select('id').where('role', '=', 'admin').where('active', '=', 1).execute();
        expect(admins.length).toBeGreaterThanOrEqual(1);
        await pair.db.updateTable('users').set({ active: 0 }).where('role', '=', 'admin').execute();
      }
    } finally {
      await pair.close();
    }
  });
});
