import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { buildApp } from '../../src/app.js';
import type { ResponseViolation } from '../../src/http/response-validation.js';
import { hashPassword } from '../../src/auth/passwords.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/database/connection.js';
import type { Database, Role, UserRow } from '../../src/database/schema.js';
import { insertUser } from '../../src/queries/users.js';
import { contractViolations } from './contract.js';
import { createTestDatabase } from './database.js';

export const TEST_PASSWORD = 'correct-horse-battery';
export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: LightMyRequestResponse['headers'];
  cookies: { name: string; value: string; [key: string]: unknown }[];
  raw: LightMyRequestResponse;
}

/** A session as a client holds it after logging in. */
export interface Session {
  user: UserRow;
  accessToken: string;
  refreshToken: string;
  csrfToken: string;
}

export interface TestApp {
  app: FastifyInstance;
  db: Kysely<Database>;
  database: DatabaseHandle;
  config: Config;
  /** Sends a request and fails the test if the response does not match openapi.yaml. */
  request<T = Record<string, unknown>>(options: InjectOptions & { method: string; url: string }): Promise<ApiResponse<T>>;
  createUser(role: Role, overrides?: Partial<{ username: string; email: string; password: string; active: boolean }>): Promise<UserRow>;
  login(email: string, password?: string): Promise<Session>;
  /** Creates a user with the role and logs them in. */
  sessionAs(role: Role): Promise<Session>;
  close(): Promise<void>;
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: TEST_SECRET,
    BCRYPT_COST: '4',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_MAX: '1000000',
    AUTH_RATE_LIMIT_MAX: '100000',
    ...env,
  });
}

let counter = 0;

export async function createTestApp(env: Record<string, string> = {}, logStream?: NodeJS.WritableStream): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = testConfig(env);
  const violations: ResponseViolation[] = [];
  const app = await buildApp({
    config,
    database,
    onResponseViolation: (violation) => violations.push(violation),
    // Tests drive the outbox themselves (app.outbox.runOnce()), so nothing changes behind their back.
    outboxWorker: false,
    maintenance: false,
    ...(logStream ? { logStream } : { silent: true }),
  });
  await app.ready();
  const { db } = database;

  const request: TestApp['request'] = async (options) => {
    violations.length = 0;
    const raw = await app.inject(options);
    const problems = [
      ...violations.map((v) => `${v.operationId} (${v.method} ${v.url}) ${v.status} before serialization: ${v.problems.join('; ')}`),
      ...contractViolations(options.method, options.url, { statusCode: raw.statusCode, headers: raw.headers, body: raw.body }),
    ];
    if (problems.length > 0) throw new Error(`Response does not match openapi.yaml:\n${problems.join('\n')}`);
    const isJson = String(raw.headers['content-type'] ?? '').startsWith('application/json');
    return {
      status: raw.statusCode,
      body: (isJson ? (JSON.parse(raw.body) as unknown) : raw.body) as never,
      headers: raw.headers,
      cookies: raw.cookies,
      raw,
    };
  };

  const createUser: TestApp['createUser'] = async (role, overrides = {}) => {
    counter += 1;
    const username = overrides.username ?? `${role}${counter}_${process.pid}`;
    return insertUser(db, {
      username,
      email: overrides.email ?? `${username}@example.com`,
      password_hash: await hashPassword(overrides.password ?? TEST_PASSWORD, 4),
      role,
      active: overrides.active === false ? 0 : 1,
    });
  };

  const login: TestApp['login'] = async (email, password = TEST_PASSWORD) => {
    const response = await request<{ data: { user: UserRow; access_token: string; refresh_token: string; csrf_token: string } }>({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password },
    });
    if (response.status !== 200) throw new Error(`login failed with ${response.status}`);
    const { user, access_token, refresh_token, csrf_token } = response.body.data;
    return { user, accessToken: access_token, refreshToken: refresh_token, csrfToken: csrf_token };
  };

  return {
    app,
    db,
    database,
    config,
    request,
    createUser,
    login,
    async sessionAs(role) {
      const user = await createUser(role);
      return login(user.email);
    },
    async close() {
      await app.close();
      await database.destroy();
    },
  };
}

export const bearer = (session: Session) => ({ authorization: `Bearer ${session.accessToken}` });

/** Headers of a browser holding the session's cookies; with CSRF, as our own page would send. */
export function browser(session: Session, options: { csrf?: boolean } = {}) {
  const headers: Record<string, string> = {
    cookie: `access_token=${session.accessToken}; csrf_token=${session.csrfToken}; refresh_token=${session.refreshToken}`,
  };
  if (options.csrf !== false) headers['x-csrf-token'] = session.csrfToken;
  return headers;
}
