import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** ISO-8601 UTC text on both dialects (PostgreSQL's timestamptz is parsed back to that form). */
type Timestamp = ColumnType<string, string, string>;
/** SQLite stores booleans as 0/1 and PostgreSQL returns true/false: write 0/1, read through `Boolean()`. */
type Flag = ColumnType<boolean | number, 0 | 1 | undefined, 0 | 1>;

export type Role = 'admin' | 'manager' | 'user';

export interface UsersTable {
  id: Generated<number>;
  username: string;
  email: string;
  password_hash: string;
  role: Role;
  active: Flag;
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: ColumnType<string | null, string | null | undefined, string | null>;
  revoked_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface RefreshTokensTable {
  id: Generated<number>;
  session_id: string;
  token_hash: string;
  created_at: Timestamp;
  used_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
