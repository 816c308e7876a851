/** The benchmark scenarios: each makes one request, the same way for autocannon and for the SQL capture. */

export interface BenchRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface ScenarioContext {
  categoryIds: number[];
  productIds: number[];
  /** Logged-in users: one per connection, so that orders and order lists belong to distinct users. */
  tokens: string[];
  emails: string[];
  password: string;
  rand: () => number;
}

export interface Scenario {
  name: string;
  kind: 'read' | 'write' | 'login';
  /** `slot` is the connection's index: it picks that connection's user. */
  request(context: ScenarioContext, slot: number): BenchRequest;
}

const pick = <T>(items: readonly T[], rand: () => number): T => items[Math.floor(rand() * items.length)] as T;
const bearer = (token: string | undefined) => ({ authorization: `Bearer ${token ?? ''}` });
const json = { 'content-type': 'application/json' };

export const scenarios: Scenario[] = [
  {
    name: 'GET /api/products (category, sort, page of 20)',
    kind: 'read',
    request: (c, slot) => ({
      method: 'GET',
      path: `/api/products?category_id=${pick(c.categoryIds, c.rand)}&sort=price&per_page=20`,
      headers: bearer(c.tokens[slot % c.tokens.length]),
    }),
  },
  {
    name: 'GET /api/products/{id}',
    kind: 'read',
    request: (c, slot) => ({ method: 'GET', path: `/api/products/${pick(c.productIds, c.rand)}`, headers: bearer(c.tokens[slot % c.tokens.length]) }),
  },
  {
    name: "GET /api/orders (a user's own, page of 20)",
    kind: 'read',
    request: (c, slot) => ({ method: 'GET', path: '/api/orders?per_page=20', headers: bearer(c.tokens[slot % c.tokens.length]) }),
  },
  {
    name: 'POST /api/orders (2 items)',
    kind: 'write',
    request: (c, slot) => {
      const first = pick(c.productIds, c.rand);
      let second = pick(c.productIds, c.rand);
      if (second === first) second = first === c.productIds[0] ? (c.productIds[1] ?? first) : (c.productIds[0] ?? first);
      return {
        method: 'POST',
        path: '/api/orders',
        headers: { ...json, ...bearer(c.tokens[slot % c.tokens.length]) },
        body: JSON.stringify({ items: [{ product_id: first, quantity: 1 }, { product_id: second, quantity: 1 }] }),
      };
    },
  },
  {
    name: 'POST /api/auth/login',
    kind: 'login',
    request: (c, slot) => ({
      method: 'POST',
      path: '/api/auth/login',
      headers: { ...json },
      body: JSON.stringify({ email: c.emails[slot % c.emails.length], password: c.password }),
    }),
  },
];
