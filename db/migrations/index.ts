import type { Migration } from 'kysely';
import * as m0001 from './0001_users_and_sessions.js';

/** Every migration, by name, in the order they apply. Add new ones at the end; never edit old ones. */
export const migrations: Record<string, Migration> = {
  '0001_users_and_sessions': m0001,
};
