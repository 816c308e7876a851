import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser, bearer, createTestApp, TEST_PASSWORD, TEST_SECRET, type TestApp } from './helpers/app.js';
import { createSigner } from 'fast-jwt';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

interface Envelope {
  success: boolean;
  data: Record<string, unknown>;
  error: { code: string; message: string; details: Record<string, unknown> };
}

async function countUsers(): Promise<number> {
  const row = await t.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return row.n;
}

describe('POST /api/auth/register', () => {
  it('creates a user account and never returns the password', async () => {
    const res = await t.request<Envelope>({
      method: 'POST',
      url: '/api/auth/register',
      payload: { username: 'newcomer', email: 'Newcomer@Example.com', password: 'long-enough-pw' },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ username: 'newcomer', email: 'Newcomer@Example.com', role: 'user', active: true });
    expect(JSON.stringify(res.body)).not.toContain('long-enough-pw');
    const row = await t.db.selectFrom('users').selectAll().where('username', '=', 'newcomer').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$2b\$/);
  });

  it('rejects a role field (mass assignment) and creates nothing', async () => {
    const before = await countUsers();
    const res = await t.request<Envelope>({
      method: 'POST',
      url: '/api/auth/register',
      payload: { username: 'sneaky', email: 'sneaky@example.com', password: 'long-enough-pw', role: 'admin' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(res.body.error.details.errors).toContainEqual({ location: 'body', path: '/role', message: "unknown field 'role'" });
    expect(await countUsers()).toBe(before);
  });

  it('refuses a duplicate email case-insensitively with 409 CONFLICT naming the field', async () => {
    await t.createUser('user', { username: 'dupe1', email: 'dupe@example.com' });
    const res = await t.request<Envelope>({
      method: 'POST',
      url: '/api/auth/register',
      payload: { username: 'dupe2', email: 'DUPE@example.com', password: 'long-enough-pw' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'CONFLICT', details: { field: 'email' } });
  });

  it('refuses a duplicate username case-insensitively', async () => {
    await t.createUser('user', { username: 'SameName' });
    const res = await t.request<Envelope>({
      method: 'POST',
      url: '/api/auth/register',
      payload: { username: 'samename', email: 'other-samename@example.com', password: 'long-enough-pw' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toEqual({ field: 'username' });
  });

  it.each([
    ['a wrong type', { username: 123, email: 'x@example.com', password: 'long-enough-pw' }, '/username'],
    ['a bad email', { username: 'bademail', email: 'not-an-email', password: 'long-enough-pw' }, '/email'],
    ['a short password', { username: 'shortpw', email: 'shortpw@example.com', password: 'short' }, '/password'],
    ['markup in the username', { username: '<script>', email: 'xss@example.com', password: 'long-enough-pw' }, '/username'],
    ['a missing field', { username: 'nomail', password: 'long-enough-pw' }, '/email'],
  ])('answers 400 VALIDATION_ERROR for %s, pointing at the field', async (_case, payload, path) => {
    const res = await t.request<Envelope>({ method: 'POST', url: '/api/auth/register', payload });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect((res.body.error.details.errors as { path: string }[]).map((e) => e.path)).toContain(path);
  });

  it('answers 400 for malformed JSON', async () => {
    const res = await t.request<Envelope>({
      method: 'POST',
      url: '/api/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "x",',
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_ERROR', message: 'The body is not valid JSON' });
  });

  it('answers 415 for a body that is not JSON', async () => {
    const res = await t.request<Envelope>({
      method: 'POST',
      url: '/api/auth/register',
      headers: { 'content-type': 'text/plain' },
      payload: 'username=x',
    });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 413 for an oversized body and creates nothing', async () => {
    const before = await countUsers();
    const res = await t.request<Envelope>({
      method: 'POST',
      url: '/api/auth/register',
      payload: { username: 'big', email: 'big@example.com', password: 'x'.repeat(200_000) },
    });
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limit_bytes: 102400 } });
    expect(await countUsers()).toBe(before);
  });
});

describe('POST /api/auth/login', () => {
  it('returns tokens and sets HttpOnly SameSite cookies', async () => {
    const user = await t.createUser('user');
    const res = await t.request<Envelope>({ method: 'POST', url: '/api/auth/login', payload: { email: user.email.toUpperCase(), password: TEST_PASSWORD } });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ token_type: 'Bearer', expires_in: 900, user: { id: user.id } });
    const byName = Object.fromEntries(res.cookies.map((c) => [c.name, c]));
    expect(byName.access_token).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(byName.refresh_token).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/auth' });
    expect(byName.csrf_token?.httpOnly).toBeFalsy();
    expect(byName.access_token?.secure).toBeFalsy();
  });

  it('answers 401 for a wrong password and for an unknown email alike', async () => {
    const user = await t.createUser('user');
    const wrong = await t.request<Envelope>({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: 'not-the-password' } });
    const unknown = await t.request<Envelope>({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody@example.com', password: 'whatever-pw' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    expect(wrong.cookies).toHaveLength(0);
  });

  it('refuses a deactivated account', async () => {
    const user = await t.createUser('user', { active: false });
    const res = await t.request<Envelope>({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: TEST_PASSWORD } });
    expect(res.status).toBe(401);
  });
});

describe('GET /api/auth/me', () => {
  it('returns the caller by bearer token', async () => {
    const session = await t.sessionAs('manager');
    const res = await t.request<Envelope>({ method: 'GET', url: '/api/auth/me', headers: bearer(session) });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: session.user.id, role: 'manager' });
    expect(res.headers.etag).toBe('"1"');
  });

  it('returns the caller by cookie without a CSRF token (safe method)', async () => {
    const session = await t.sessionAs('user');
    const res = await t.request<Envelope>({ method: 'GET', url: '/api/auth/me', headers: browser(session, { csrf: false }) });
    expect(res.status).toBe(200);
  });

  it.each([
    ['no credentials', {}],
    ['a malformed Authorization header', { authorization: 'Token abc' }],
    ['a garbage token', { authorization: 'Bearer not.a.jwt' }],
  ])('answers 401 for %s', async (_case, headers) => {
    const res = await t.request<Envelope>({ method: 'GET', url: '/api/auth/me', headers });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHORIZED');
  });

  it('answers 401 for a token signed with another secret (forged)', async () => {
    const session = await t.sessionAs('user');
    const claims = JSON.parse(Buffer.from(session.accessToken.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
    const forge = createSigner({ key: 'another-secret-that-is-at-least-32-characters', algorithm: 'HS256' });
    const res = await t.request<Envelope>({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${forge({ ...claims, exp: undefined, iat: undefined })}` } });
    expect(res.status).toBe(401);
  });

  it('refuses a token one character away from one it has just accepted (the verified-token cache is keyed by the whole token)', async () => {
    const session = await t.sessionAs('user');
    expect((await t.request({ method: 'GET', url: '/api/auth/me', headers: bearer(session) })).status).toBe(200);
    const [header = '', payload = '', signature = ''] = session.accessToken.split('.');
    const altered = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    const res = await t.request<Envelope>({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${header}.${payload}.${altered}` } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHORIZED');
  });

  it('answers 401 for an expired token signed with the real secret', async () => {
    const session = await t.sessionAs('user');
    const sign = createSigner({ key: TEST_SECRET, algorithm: 'HS256', iss: 'store-erp' });
    const claims = JSON.parse(Buffer.from(session.accessToken.split('.')[1] ?? '', 'base64url').toString()) as { sub: string; sid: string };
    const now = Math.floor(Date.now() / 1000);
    const expired = sign({ sub: claims.sub, sid: claims.sid, iat: now - 3600, exp: now - 60 });
    const res = await t.request<Envelope>({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${expired}` } });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/expired/);
  });
});

describe('POST /api/auth/logout', () => {
  it('revokes the session server-side: the same access token stops working at once', async () => {
    const session = await t.sessionAs('user');
    const res = await t.request<Envelope>({ method: 'POST', url: '/api/auth/logout', headers: bearer(session) });
    expect(res.status).toBe(200);
    const cleared = Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
    expect(cleared.access_token).toBe('');
    const after = await t.request<Envelope>({ method: 'GET', url: '/api/auth/me', headers: bearer(session) });
    expect(after.status).toBe(401);
    const refresh = await t.request<Envelope>({ method: 'POST', url: '/api/auth/refresh', payload: { refresh_token: session.refreshToken } });
    expect(refresh.status).toBe(401);
  });

  it('refuses a cookie-authenticated logout without the CSRF token and leaves the session alive', async () => {
    const session = await t.sessionAs('user');
    const res = await t.request<Envelope>({ method: 'POST', url: '/api/auth/logout', headers: browser(session, { csrf: false }) });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'csrf_token_invalid' } });
    const me = await t.request({ method: 'GET', url: '/api/auth/me', headers: bearer(session) });
    expect(me.status).toBe(200);
  });

  it('refuses a CSRF token from another session', async () => {
    const victim = await t.sessionAs('user');
    const attacker = await t.sessionAs('user');
    const headers = { ...browser(victim), 'x-csrf-token': attacker.csrfToken, cookie: `access_token=${victim.accessToken}; csrf_token=${attacker.csrfToken}` };
    const res = await t.request<Envelope>({ method: 'POST', url: '/api/auth/logout', headers });
    expect(res.status).toBe(403);
  });

  it('logs out by cookie with the CSRF token', async () => {
    const session = await t.sessionAs('user');
    const res = await t.request({ method: 'POST', url: '/api/auth/logout', headers: browser(session) });
    expect(res.status).toBe(200);
    expect((await t.request({ method: 'GET', url: '/api/auth/me', headers: browser(session) })).status).toBe(401);
  });
});

describe('POST /api/auth/refresh', () => {
  it('rotates the refresh token: the new pair works and the old refresh token is spent', async () => {
    const session = await t.sessionAs('user');
    const res = await t.request<Envelope>({ method: 'POST', url: '/api/auth/refresh', payload: { refresh_token: session.refreshToken } });
    expect(res.status).toBe(200);
    const next = res.body.data as { access_token: string; refresh_token: string };
    expect(next.refresh_token).not.toBe(session.refreshToken);
    const me = await t.request({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${next.access_token}` } });
    expect(me.status).toBe(200);
    const stored = await t.db.selectFrom('refresh_tokens').select('token_hash').execute();
    expect(stored.map((r) => r.token_hash)).not.toContain(next.refresh_token);
  });

  it('detects reuse of a spent refresh token and revokes the whole family', async () => {
    const session = await t.sessionAs('user');
    const first = await t.request<Envelope>({ method: 'POST', url: '/api/auth/refresh', payload: { refresh_token: session.refreshToken } });
    const rotated = first.body.data as { access_token: string; refresh_token: string };
    const replay = await t.request<Envelope>({ method: 'POST', url: '/api/auth/refresh', payload: { refresh_token: session.refreshToken } });
    expect(replay.status).toBe(401);
    expect(replay.body.error.details).toEqual({ reason: 'refresh_token_reused' });
    const newest = await t.request({ method: 'POST', url: '/api/auth/refresh', payload: { refresh_token: rotated.refresh_token } });
    expect(newest.status).toBe(401);
    const me = await t.request({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${rotated.access_token}` } });
    expect(me.status).toBe(401);
  });

  it('uses the refresh cookie when the body is empty, but only with the CSRF token', async () => {
    const session = await t.sessionAs('user');
    const withoutCsrf = await t.request<Envelope>({ method: 'POST', url: '/api/auth/refresh', headers: browser(session, { csrf: false }) });
    expect(withoutCsrf.status).toBe(403);
    const withCsrf = await t.request({ method: 'POST', url: '/api/auth/refresh', headers: browser(session) });
    expect(withCsrf.status).toBe(200);
  });

  it('answers 400 without any refresh token and 401 for an unknown one', async () => {
    expect((await t.request({ method: 'POST', url: '/api/auth/refresh' })).status).toBe(400);
    expect((await t.request({ method: 'POST', url: '/api/auth/refresh', payload: { refresh_token: 'nope.nope' } })).status).toBe(401);
  });
});
