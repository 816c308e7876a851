import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Dialect } from '../database/connection.js';
import type { Database, OutboxRow } from '../database/schema.js';
import type { ExternalServices } from '../external/service.js';
import { ServiceRejection } from '../external/service.js';
import { claimDueMessages, countPendingMessages, markDelivered, markFailed } from '../queries/outbox.js';

export interface OutboxWorkerOptions {
  db: Kysely<Database>;
  dialect: Dialect;
  services: ExternalServices;
  log: FastifyBaseLogger;
  pollMs: number;
  batchSize: number;
  /** How long a claim lasts; a worker that dies mid-delivery gives its rows back after this. */
  lockMs?: number;
  onBacklog?: (pending: number) => void;
}

const MAX_BACKOFF_MS = 5 * 60_000;

/** Exponential backoff with jitter: 1 s, 2 s, 4 s … up to 5 minutes. */
export function backoffMs(attempts: number): number {
  const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(attempts, 20));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/**
 * Delivers outbox rows at least once. It polls, claims a batch, posts each message to its channel's
 * service, and marks it delivered or schedules a retry. `stop()` lets the delivery in progress finish.
 */
export class OutboxWorker {
  readonly id = `worker-${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: OutboxWorkerOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Runs one poll: claims and delivers a batch. Returns how many were delivered. */
  async runOnce(): Promise<number> {
    const { db, dialect, batchSize, lockMs = 60_000 } = this.options;
    const rows = await claimDueMessages(db, dialect, this.id, batchSize, lockMs);
    let delivered = 0;
    for (const row of rows) {
      if (await this.deliver(row)) delivered += 1;
    }
    this.options.onBacklog?.(await countPendingMessages(db));
    return delivered;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .then((delivered) => {
          // A full batch means more may be waiting: go again at once.
          this.schedule(delivered >= this.options.batchSize ? 0 : this.options.pollMs);
        })
        .catch((error: unknown) => {
          this.options.log.warn({ err: error instanceof Error ? error.name : 'unknown' }, 'outbox poll failed; will retry');
          this.schedule(this.options.pollMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  private async deliver(row: OutboxRow): Promise<boolean> {
    const { db, services, log } = this.options;
    const service = services[row.channel];
    try {
      const outcome = await service.call(JSON.parse(row.payload) as unknown);
      if (outcome.kind === 'skipped') log.debug({ event_id: row.event_id, channel: row.channel }, 'channel not configured; message dropped');
      await markDelivered(db, row.id, this.id);
      return true;
    } catch (error) {
      const retryAt = new Date(Date.now() + backoffMs(row.attempts)).toISOString();
      const reason = error instanceof ServiceRejection ? `rejected with ${error.status}` : error instanceof Error ? error.message : 'failed';
      log.warn({ event_id: row.event_id, channel: row.channel, attempts: row.attempts + 1, retry_at: retryAt }, `delivery failed: ${reason}`);
      await markFailed(db, row.id, this.id, reason, retryAt);
      return false;
    }
  }
}
