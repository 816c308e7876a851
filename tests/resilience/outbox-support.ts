import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Database, OutboxRow } from '../../src/database/schema.js';
import type { OutboxWorker } from '../../src/notifications/outbox-worker.js';
import { FakeService, sleep, type ReceivedCall } from './fake-service.js';
import { makeAllDue, pendingCount } from './shop.js';

export interface EmailBody {
  event_id: string;
  to: string;
  subject: string;
  text: string;
}
export interface SmsBody {
  event_id: string;
  user_id: number;
  text: string;
}
export interface AnalyticsBody {
  event_id: string;
  type: string;
  order_id: number;
  user_id: number;
  status: string;
  total_amount: string;
}

export const TIMEOUT_MS = 200;
export const RESET_MS = 200;

export interface ChannelFakes {
  email: FakeService;
  sms: FakeService;
  analytics: FakeService;
  /** The environment pointing the app's email, sms and analytics services at the fakes. */
  env(extra?: Record<string, string>): Record<string, string>;
}

/** Starts one fake per notification channel for the file, and resets them (ok, no delay, empty) before each test. */
export function useChannelFakes(): ChannelFakes {
  const fakes: Partial<Record<'email' | 'sms' | 'analytics', FakeService>> = {};
  const get = (name: 'email' | 'sms' | 'analytics'): FakeService => {
    const fake = fakes[name];
    if (!fake) throw new Error('the fakes start in beforeAll');
    return fake;
  };
  beforeAll(async () => {
    [fakes.email, fakes.sms, fakes.analytics] = await Promise.all([FakeService.start(), FakeService.start(), FakeService.start()]);
  });
  afterAll(async () => {
    await Promise.all(Object.values(fakes).map((fake) => fake.stop()));
  });
  beforeEach(async () => {
    for (const fake of Object.values(fakes)) {
      await fake.setMode('ok');
      fake.delayMs = 0;
      fake.clear();
    }
  });
  return {
    get email() {
      return get('email');
    },
    get sms() {
      return get('sms');
    },
    get analytics() {
      return get('analytics');
    },
    env(extra = {}) {
      return {
        EMAIL_URL: `${get('email').url}email`,
        SMS_URL: `${get('sms').url}sms`,
        ANALYTICS_URL: `${get('analytics').url}analytics`,
        EXTERNAL_TIMEOUT_MS: String(TIMEOUT_MS),
        BREAKER_RESET_MS: String(RESET_MS),
        ...extra,
      };
    },
  };
}

export async function dueCount(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('delivered_at', 'is', null)
    .where('next_attempt_at', '<=', new Date().toISOString())
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Runs the worker until nothing is due (delivered or scheduled for later); returns how many it delivered. */
export async function drainDue(outbox: OutboxWorker, db: Kysely<Database>): Promise<number> {
  let delivered = 0;
  for (let round = 0; round < 50; round += 1) {
    if ((await dueCount(db)) === 0) return delivered;
    delivered += await outbox.runOnce();
  }
  throw new Error('the outbox never drained');
}

/** Makes every pending row due and runs the worker, until the backlog is empty (or the deadline passes). */
export async function deliverEverything(outbox: OutboxWorker, db: Kysely<Database>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await pendingCount(db)) > 0) {
    if (Date.now() > deadline) throw new Error(`outbox still has ${await pendingCount(db)} pending rows`);
    await makeAllDue(db);
    await outbox.runOnce();
    if ((await pendingCount(db)) > 0) await sleep(50);
  }
}

export function eventIdOf(call: ReceivedCall): string {
  return (call.body as { event_id: string }).event_id;
}

/** How many times each event_id was accepted. */
export function acceptedCounts(fake: FakeService): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of fake.accepted()) counts.set(eventIdOf(call), (counts.get(eventIdOf(call)) ?? 0) + 1);
  return counts;
}

export function eventIds(rows: OutboxRow[], channel: OutboxRow['channel']): Set<string> {
  return new Set(rows.filter((r) => r.channel === channel).map((r) => r.event_id));
}
