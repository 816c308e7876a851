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

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Version = ColumnType<number, number | undefined, number>;

export interface CategoriesTable {
  id: Generated<number>;
  name: string;
  description: Nullable<string>;
  parent_id: Nullable<number>;
  version: Version;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProductsTable {
  id: Generated<number>;
  sku: string;
  name: string;
  description: Nullable<string>;
  price_cents: number;
  stock_quantity: ColumnType<number, number | undefined, number>;
  category_id: Nullable<number>;
  active: Flag;
  version: Version;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type OrderStatus = 'pending' | 'paid' | 'shipped' | 'delivered' | 'cancelled';

export interface OrdersTable {
  id: Generated<number>;
  user_id: number;
  status: ColumnType<OrderStatus, OrderStatus | undefined, OrderStatus>;
  total_cents: number;
  event_id: string;
  version: Version;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrderItemsTable {
  id: Generated<number>;
  order_id: number;
  product_id: number;
  quantity: number;
  unit_price_cents: number;
}

export type StockMovementReason = 'initial' | 'order' | 'cancel' | 'adjustment';

export interface StockMovementsTable {
  id: Generated<number>;
  product_id: number;
  delta: number;
  reason: StockMovementReason;
  order_id: Nullable<number>;
  user_id: Nullable<number>;
  note: Nullable<string>;
  created_at: Timestamp;
}

export interface IdempotencyKeysTable {
  id: Generated<number>;
  user_id: number;
  key: string;
  request_hash: string;
  order_id: number;
  response_status: number;
  response_body: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export type OutboxChannel = 'email' | 'sms' | 'analytics';

export interface OutboxTable {
  id: Generated<number>;
  event_id: string;
  channel: OutboxChannel;
  topic: string;
  payload: string;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  locked_until: Nullable<string>;
  locked_by: Nullable<string>;
  delivered_at: Nullable<string>;
  last_error: Nullable<string>;
  created_at: Timestamp;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  categories: CategoriesTable;
  products: ProductsTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  stock_movements: StockMovementsTable;
  idempotency_keys: IdempotencyKeysTable;
  outbox: OutboxTable;
}

export type CategoryRow = Selectable<CategoriesTable>;
export type ProductRow = Selectable<ProductsTable>;
export type OrderRow = Selectable<OrdersTable>;
export type OrderItemRow = Selectable<OrderItemsTable>;
export type StockMovementRow = Selectable<StockMovementsTable>;
export type OutboxRow = Selectable<OutboxTable>;

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
