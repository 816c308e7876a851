import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureInitialAdmin } from '../src/accounts.js';
import { createTestApp, type TestApp } from './helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'root-password', ADMIN_USERNAME: 'root' });
});
afterAll(async () => {
  await t.close();
});

describe('first admin from ADMIN_EMAIL / ADMIN_PASSWORD', () => {
  it('is created at start-up when there is no admin, and can log in', async () => {
    const session = await t.login('root@example.com', 'root-password');
    expect(session.user).toMatchObject({ username: 'root', role: 'admin' });
  });

  it('is not created twice', async () => {
    const seed = { email: 'root@example.com', password: 'root-password', username: 'root' };
    expect(await ensureInitialAdmin(t.db, seed, 4, t.app.log)).toBe('admin-exists');
    const admins = await t.db.selectFrom('users').select('id').where('role', '=', 'admin').execute();
    expect(admins).toHaveLength(1);
  });

  it('never hijacks an existing non-admin account with that email', async () => {
    const other = await createTestApp();
    try {
      await other.createUser('user', { email: 'taken@example.com' });
      const outcome = await ensureInitialAdmin(other.db, { email: 'TAKEN@example.com', password: 'x-password', username: 'admin' }, 4, other.app.log);
      expect(outcome).toBe('email-taken');
      const row = await other.db.selectFrom('users').select('role').where('email', '=', 'taken@example.com').executeTakeFirstOrThrow();
      expect(row.role).toBe('user');
    } finally {
      await other.close();
    }
  });
});
