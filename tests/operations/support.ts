import { randomInt } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { Redis } from 'ioredis';
import { hashPassword } from '../../src/auth/passwords.js';
import type { Database, Role, UserRow } from '../../src/database/schema.js';
import { insertUser } from '../../src/queries/users.js';
import { TEST_PASSWORD } from '../helpers/app.js';
import { contractViolations } from '../helpers/contract.js';

export const REDIS_URL = 'redis://127.0.0.1:6379';
/** The prefix src/http/rate-limit.ts gives its Redis keys. */
const RATE_LIMIT_PREFIX = 'store-erp-rate-limit-';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface ErrorEnvelope {
  success: false;
  error: { code: string; message: string; details: Record<string, unknown> };
  timestamp: string;
}

/** Whether Redis at 127.0.0.1:6379 answers PING within `timeoutMs`. */
export async function redisAnswers(timeoutMs = 1000): Promise<boolean> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  try {
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new Error('no PONG in time'));
      }, timeoutMs);
    });
    const pong = await Promise.race([client.connect().then(() => client.ping()), deadline]);
    return pong === 'PONG';
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

/**
 * Client addresses unique to this test run (10.a.b.n with random a, b), so parallel runs against the
 * same Redis never share a rate-limit counter; `cleanup` deletes every key made for them.
 */
export function clientAddresses() {
  const a = randomInt(0, 256);
  const b = randomInt(0, 256);
  const issued: string[] = [];
  return {
    next(): string {
      if (issued.length >= 254) throw new Error('address pool exhausted');
      const address = `10.${a}.${b}.${issued.length + 1}`;
      issued.push(address);
      return address;
    },
    async cleanup(): Promise<void> {
      if (issued.length === 0) return;
      const client = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 1 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        for (const address of issued) {
          // Keys are <prefix><address> (global budget) or <prefix><METHOD><url>-<address><groupId> (per route).
          const exact = new RegExp(`^${RATE_LIMIT_PREFIX}(.*-)?${address.replace(/\./g, '\\.')}(auth)?$`);
          let cursor = '0';
          do {
            const [next, keys] = await client.scan(cursor, 'MATCH', `${RATE_LIMIT_PREFIX}*${address}*`, 'COUNT', 1000);
            cursor = next;
            const mine = keys.filter((key) => exact.test(key));
            if (mine.length > 0) await client.del(...mine);
          } while (cursor !== '0');
        }
      } catch {
        // Nothing to clean when Redis is gone; the keys expire with their window anyway.
      } finally {
        client.disconnect();
      }
    },
  };
}

let userCounter = 0;

/** Inserts an account straight into the database (password TEST_PASSWORD). */
export async function createUser(db: Kysely<Database>, role: Role): Promise<UserRow> {
  userCounter += 1;
  const username = `ops_${role}${userCounter}_${process.pid}_${randomInt(0, 1_000_000)}`;
  return insertUser(db, {
    username,
    email: `${username}@example.com`,
    password_hash: await hashPassword(TEST_PASSWORD, 4),
    role,
    active: 1,
  });
}

/** Checks an injected response against openapi.yaml and returns its problems (empty when it matches). */
export function violationsOf(method: string, url: string, response: LightMyRequestResponse, body = response.body): string[] {
  return contractViolations(method, url, { statusCode: response.statusCode, headers: response.headers, body });
}

/** Logs in through `app` from `remoteAddress`, returning the bearer token. */
export async function loginVia(app: FastifyInstance, email: string, remoteAddress: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: TEST_PASSWORD }, remoteAddress });
  if (res.statusCode !== 200) throw new Error(`login failed with ${res.statusCode}: ${res.body}`);
  return res.json<{ data: { access_token: string } }>().data.access_token;
}

/** Polls `check` until it returns true or `timeoutMs` passes; returns whether it succeeded. */
export async function eventually(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}
