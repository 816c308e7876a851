import type { Migration } from 'kysely';
import * as m0001 from './0001_users_and_sessions.js';
import * as m0002 from './0002_catalog_and_orders.js';
import * as m0003 from './0003_outbox.js';
import * as m0004 from './0004_product_hot_updates.js';

/** Every migration, by name, in the order they apply. Add new ones at the end; never edit old ones. */
export const migrations: Record<string, Migration> = {
  '0001_users_and_sessions': m0001,
  '0002_catalog_and_orders': m0002,
  '0003_outbox': m0003,
  '0004_product_hot_updates': m0004,
};
