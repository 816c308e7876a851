import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { SessionService } from '../auth/session-service.js';
import type { Config } from '../config.js';
import type { Dialect } from '../database/connection.js';
import type { Database } from '../database/schema.js';
import type { ExternalServices } from '../external/service.js';

/** What handlers need from the outside world, handed in once when the app is built. */
export interface HandlerContext {
  db: Kysely<Database>;
  dialect: Dialect;
  config: Config;
  sessions: SessionService;
  services: ExternalServices;
  /** Set when REDIS_URL is configured. */
  redis: Redis | undefined;
  specText: string;
  version: string;
  startedAt: number;
}
