import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript, waitForListening } from './helpers/process.js';

const baseEnv = { PORT: '0', BCRYPT_COST: '4', LOG_LEVEL: 'info' };

describe('src/server.ts', () => {
  it('refuses to start in production without JWT_SECRET, exiting non-zero with a clear message', async () => {
    const run = runScript('src/server.ts', [], { env: { ...baseEnv, NODE_ENV: 'production' } });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('JWT_SECRET is required when NODE_ENV=production');
  });

  it('exits non-zero on an invalid variable', async () => {
    const run = runScript('src/server.ts', [], { env: { ...baseEnv, PORT: 'abc' } });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/PORT must be integer/);
  });

  it('creates ./data/store.db on first start, seeds the admin, serves, and exits 0 on SIGTERM', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'store-erp-'));
    const run = runScript('src/server.ts', [], {
      cwd,
      env: { ...baseEnv, ADMIN_EMAIL: 'boss@example.com', ADMIN_PASSWORD: 'boss-password' },
    });
    const base = await waitForListening(run);
    expect(existsSync(join(cwd, 'data/store.db'))).toBe(true);
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'boss@example.com', password: 'boss-password' }),
    });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { data: { user: { role: string } } }).data.user.role).toBe('admin');
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('shutting down');
    expect(run.output()).toContain('JWT_SECRET is not set');
  });
});

describe('the log file', () => {
  it('keeps the last lines of a process that exits without closing the app', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-erp-'));
    const logFile = join(dir, 'store-erp.log');
    const run = runScript('tests/fixtures/log-then-exit.ts', [], { env: { ...baseEnv, DATABASE_URL: join(dir, 'store.db'), LOG_FILE: logFile } });
    expect(await run.exited).toBe(3);
    expect(readFileSync(logFile, 'utf8')).toContain('last words before exit');
  });
});

describe('scripts/create-user.ts', () => {
  it('creates an account from the shell, reading the password from stdin, and refuses a duplicate', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'store-erp-'));
    const env = { BCRYPT_COST: '4', DATABASE_URL: join(cwd, 'cli.db') };
    const first = runScript('scripts/create-user.ts', ['--username', 'ada', '--email', 'ada@example.com', '--role', 'manager'], { env, input: 'a-long-password\n' });
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain("Created manager 'ada'");
    const duplicate = runScript('scripts/create-user.ts', ['--username', 'ada2', '--email', 'ADA@example.com', '--password', 'a-long-password'], { env });
    expect(await duplicate.exited).toBe(1);
    expect(duplicate.output()).toContain('That email is already registered');
    const weak = runScript('scripts/create-user.ts', ['--username', 'bo', '--email', 'bo@example.com', '--password', 'short'], { env });
    expect(await weak.exited).toBe(1);
  });
});
