import type { components } from '../generated/openapi.js';
import type { UserRow } from '../database/schema.js';

export type User = components['schemas']['User'];

/** The API's view of a user row: every field the spec names, and nothing else (never the hash). */
export function userRowToUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    role: row.role,
    active: Boolean(row.active),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
