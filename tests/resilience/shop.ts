import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database, OrderStatus, OutboxRow, Role } from '../../src/database/schema.js';
import { hashPassword } from '../../src/auth/passwords.js';
import { insertUser } from '../../src/queries/users.js';
import { TEST_PASSWORD, bearer, type ApiResponse, type Session, type TestApp } from '../helpers/app.js';
import { contractViolations } from '../helpers/contract.js';

/** What these tests need of an app: spec-checked requests, a database, and users to act as. */
export type Client = Pick<TestApp, 'app' | 'db' | 'request' | 'sessionAs'>;

export interface ErrorBody {
  code: string;
  message: string;
  details: Record<string, unknown>;
}
export interface Product {
  id: number;
  sku: string;
  price: string;
  stock_quantity: number;
}
export interface Order {
  id: number;
  user_id: number;
  status: OrderStatus;
  total_amount: string;
}
export interface OrderEnvelope {
  success: boolean;
  data: Order;
  error: ErrorBody;
}
export interface Line {
  product_id: number;
  quantity: number;
}

let counter = 0;

/** A Client for an app built directly with buildApp (no test hooks): responses are still checked against the spec. */
export function clientFor(app: FastifyInstance, db: Kysely<Database>): Client {
  const request: TestApp['request'] = async (options) => {
    const raw = await app.inject(options);
    const problems = contractViolations(options.method, options.url, { statusCode: raw.statusCode, headers: raw.headers, body: raw.body });
    if (problems.length > 0) throw new Error(`Response does not match openapi.yaml:\n${problems.join('\n')}`);
    const isJson = String(raw.headers['content-type'] ?? '').startsWith('application/json');
    return {
      status: raw.statusCode,
      body: (isJson ? (JSON.parse(raw.body) as unknown) : raw.body) as never,
      headers: raw.headers,
      cookies: raw.cookies,
      raw,
    };
  };
  const sessionAs = async (role: Role): Promise<Session> => {
    counter += 1;
    const username = `res_${role}${counter}_${process.pid}`;
    await insertUser(db, { username, email: `${username}@example.com`, password_hash: await hashPassword(TEST_PASSWORD, 4), role, active: 1 });
    const res = await request<{ data: { user: Session['user']; access_token: string; refresh_token: string; csrf_token: string } }>({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: `${username}@example.com`, password: TEST_PASSWORD },
    });
    if (res.status !== 200) throw new Error(`login failed with ${res.status}`);
    const { user, access_token, refresh_token, csrf_token } = res.body.data;
    return { user, accessToken: access_token, refreshToken: refresh_token, csrfToken: csrf_token };
  };
  return { app, db, request, sessionAs };
}

export async function createProduct(c: Client, admin: Session, options: { price?: string; stock?: number } = {}): Promise<Product> {
  counter += 1;
  const res = await c.request<{ data: Product }>({
    method: 'POST',
    url: '/api/products',
    headers: bearer(admin),
    payload: { sku: `RES-${counter}-${process.pid}`, name: `Resilience product ${counter}`, price: options.price ?? '12.50', stock_quantity: options.stock ?? 1000 },
  });
  if (res.status !== 201) throw new Error(`product creation failed with ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.data;
}

export function placeOrder(c: Client, session: Session, items: Line[]): Promise<ApiResponse<OrderEnvelope>> {
  return c.request<OrderEnvelope>({ method: 'POST', url: '/api/orders', headers: bearer(session), payload: { items } });
}

export async function placed(c: Client, session: Session, items: Line[]): Promise<Order> {
  const res = await placeOrder(c, session, items);
  if (res.status !== 201) throw new Error(`order failed with ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.data;
}

export async function setStatus(c: Client, session: Session, orderId: number, status: OrderStatus): Promise<Order> {
  const res = await c.request<OrderEnvelope>({ method: 'PUT', url: `/api/orders/${orderId}`, headers: bearer(session), payload: { status } });
  if (res.status !== 200) throw new Error(`status change to ${status} failed with ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.data;
}

export function pay(c: Client, session: Session, orderId: number): Promise<ApiResponse<OrderEnvelope>> {
  return c.request<OrderEnvelope>({ method: 'POST', url: `/api/orders/${orderId}/payment`, headers: bearer(session) });
}

export async function orderRow(db: Kysely<Database>, orderId: number) {
  return db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow();
}

export function outboxRows(db: Kysely<Database>): Promise<OutboxRow[]> {
  return db.selectFrom('outbox').selectAll().orderBy('id').execute();
}

/** Outbox rows whose payload names the order (every channel's payload mentions `#<id>` or `order_id`). */
export async function outboxRowsForOrder(db: Kysely<Database>, orderId: number): Promise<OutboxRow[]> {
  const rows = await outboxRows(db);
  return rows.filter((row) => {
    const payload = JSON.parse(row.payload) as Record<string, unknown>;
    return payload.order_id === orderId || (typeof payload.text === 'string' && payload.text.includes(`#${orderId} `));
  });
}

/** Makes every pending row due now (instead of waiting for its real backoff). */
export async function makeAllDue(db: Kysely<Database>): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ next_attempt_at: new Date(Date.now() - 1000).toISOString() })
    .where('delivered_at', 'is', null)
    .execute();
}

/** Outbox rows not yet delivered. */
export { countPendingMessages as pendingCount } from '../../src/queries/outbox.js';

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** The samples of one metric in Prometheus text exposition format. */
export function metricSamples(text: string, name: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const labels: Record<string, string> = {};
    for (const label of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      if (label[1] !== undefined && label[2] !== undefined) labels[label[1]] = label[2];
    }
    samples.push({ labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the one sample of `name` whose labels include `labels`; undefined when there is none. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const matching = metricSamples(text, name).filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (matching.length > 1) throw new Error(`${matching.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return matching[0]?.value;
}

export async function scrapeMetrics(app: FastifyInstance): Promise<string> {
  const res = await app.inject({ method: 'GET', url: '/metrics' });
  if (res.statusCode !== 200) throw new Error(`/metrics answered ${res.statusCode}`);
  return res.body;
}

export interface Readiness {
  data: { status: string; services: Record<'payment' | 'email' | 'sms' | 'analytics', string> };
}

export async function breakerStates(c: Client): Promise<Readiness['data']['services']> {
  const res = await c.request<Readiness>({ method: 'GET', url: '/api/health/ready' });
  if (res.status !== 200) throw new Error(`readiness answered ${res.status}`);
  return res.body.data.services;
}
