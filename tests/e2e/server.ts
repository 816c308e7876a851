import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import pg from 'pg';
import type { paths } from '../../src/generated/openapi.js';
import { contractViolations } from '../helpers/contract.js';
import { testDatabaseUrl, testDialect } from '../helpers/database.js';
import { runScript, waitForListening, type RunningScript } from '../helpers/process.js';

export const ADMIN_EMAIL = 'e2e-admin@example.com';
export const ADMIN_PASSWORD = 'e2e-admin-password';

/** A database of its own for one server process, and how to throw it away afterwards. */
interface E2eDatabase {
  url: string;
  drop(): Promise<void>;
}

async function withPg<T>(connectionString: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function createE2eDatabase(): Promise<E2eDatabase> {
  if (testDialect === 'sqlite' || testDatabaseUrl === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'store-erp-e2e-'));
    return {
      url: join(dir, 'store.db'),
      drop: () => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  }
  const adminUrl = testDatabaseUrl;
  const name = `e2e_${randomBytes(6).toString('hex')}`;
  await withPg(adminUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await withPg(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}

export interface E2eServer {
  baseUrl: string;
  run: RunningScript;
  /** Sends SIGTERM (once) and resolves with the exit code. */
  stop(): Promise<number | null>;
  /** Stops the server if it still runs, then drops its database. */
  dispose(): Promise<void>;
}

/** Starts `src/server.ts` as its own process on a port the OS picks, with a fresh database. */
export async function startServer(): Promise<E2eServer> {
  const database = await createE2eDatabase();
  const run = runScript('src/server.ts', [], {
    env: {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      // `info`, not `warn`: Fastify logs "Server listening at …" at info level, and that line is how
      // waitForListening learns the port the OS picked.
      LOG_LEVEL: 'info',
      BCRYPT_COST: '4',
      JWT_SECRET: randomBytes(32).toString('hex'),
      DATABASE_URL: database.url,
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
    },
  });
  let baseUrl: string;
  try {
    baseUrl = await waitForListening(run, 20_000);
  } catch (error) {
    run.child.kill('SIGKILL');
    await run.exited;
    await database.drop();
    throw error;
  }
  let stopping: Promise<number | null> | undefined;
  const stop = () => {
    stopping ??= (() => {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGTERM');
      return run.exited;
    })();
    return stopping;
  };
  return {
    baseUrl,
    run,
    stop,
    async dispose() {
      const timer = setTimeout(() => run.child.kill('SIGKILL'), 15_000);
      await stop();
      clearTimeout(timer);
      await database.drop();
    },
  };
}

export type ApiClient = Client<paths>;

/** What the contract checker saw: how many responses it checked, and every problem it found. */
export interface ContractLog {
  checked: number;
  violations: string[];
}

/**
 * A middleware that checks every response against openapi.yaml (documented status, content type and
 * body schema) and records each problem in `log.violations`.
 */
export function contractChecker(log: ContractLog): Middleware {
  return {
    async onResponse({ request, response }) {
      const url = new URL(request.url);
      const body = await response.clone().text();
      log.checked += 1;
      log.violations.push(
        ...contractViolations(request.method, url.pathname + url.search, {
          statusCode: response.status,
          headers: Object.fromEntries(response.headers),
          body,
        }),
      );
      return undefined;
    },
  };
}

/** A typed client for the running server; `headers` are sent with every request (e.g. a bearer token). */
export function apiClient(baseUrl: string, log: ContractLog, headers: Record<string, string> = {}): ApiClient {
  const client = createClient<paths>({ baseUrl, headers });
  client.use(contractChecker(log));
  return client;
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** The `name=value` pairs of a response's Set-Cookie headers. */
export function setCookies(response: Response): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(';', 1)[0] ?? '';
    const eq = pair.indexOf('=');
    if (eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return cookies;
}
