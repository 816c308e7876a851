import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('defaults to SQLite at ./data/store.db on 127.0.0.1:3000 with a generated secret', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ nodeEnv: 'development', host: '127.0.0.1', port: 3000, jwtSecretGenerated: true, secureCookies: false });
    expect(config.database).toEqual({ dialect: 'sqlite', filename: `${process.cwd()}/data/store.db` });
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('picks PostgreSQL for a postgres:// URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/store' }).database).toEqual({ dialect: 'postgres', connectionString: 'postgres://db/store', poolMax: 10, preparedStatements: true });
  });

  it('refuses production without JWT_SECRET, with a clear message', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual(['JWT_SECRET is required when NODE_ENV=production (at least 32 characters)']);
  });

  it('uses Secure cookies in production', () => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).secureCookies).toBe(true);
  });

  it('lists every bad value at once without echoing secrets', () => {
    const problems = problemsOf({ PORT: 'eighty', JWT_SECRET: 'short-secret', LOG_LEVEL: 'loud' });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/PORT must be integer \(got "eighty"\)/);
    expect(problems.join('\n')).not.toContain('short-secret');
  });

  it('needs ADMIN_EMAIL and ADMIN_PASSWORD together', () => {
    expect(problemsOf({ ADMIN_EMAIL: 'boss@example.com' })).toEqual(['ADMIN_EMAIL and ADMIN_PASSWORD must be set together']);
    expect(loadConfig({ ADMIN_EMAIL: 'boss@example.com', ADMIN_PASSWORD: 'long-enough' }).admin).toEqual({
      email: 'boss@example.com',
      password: 'long-enough',
      username: 'admin',
    });
  });
});
