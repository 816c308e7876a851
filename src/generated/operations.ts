// Generated from openapi.yaml by `npm run generate` — do not edit.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { operations } from './openapi.js';

export type OperationId = keyof operations;

/** Every operation in the spec: its route and the roles its security requirement allows (null: public). */
export const operationTable = {
  cancelOrder: { method: 'DELETE', path: '/api/orders/{id}', roles: ['admin', 'manager', 'user'] },
  createCategory: { method: 'POST', path: '/api/categories', roles: ['admin', 'manager'] },
  createOrder: { method: 'POST', path: '/api/orders', roles: ['admin', 'manager', 'user'] },
  createProduct: { method: 'POST', path: '/api/products', roles: ['admin', 'manager'] },
  createStockAdjustment: { method: 'POST', path: '/api/products/{id}/stock-adjustments', roles: ['admin', 'manager'] },
  deleteCategory: { method: 'DELETE', path: '/api/categories/{id}', roles: ['admin'] },
  deleteProduct: { method: 'DELETE', path: '/api/products/{id}', roles: ['admin'] },
  deleteUser: { method: 'DELETE', path: '/api/users/{id}', roles: ['admin'] },
  getCategory: { method: 'GET', path: '/api/categories/{id}', roles: ['admin', 'manager', 'user'] },
  getCategoryTree: { method: 'GET', path: '/api/categories/tree', roles: ['admin', 'manager', 'user'] },
  getCurrentUser: { method: 'GET', path: '/api/auth/me', roles: ['admin', 'manager', 'user'] },
  getHealth: { method: 'GET', path: '/api/health', roles: null },
  getOpenApiDocument: { method: 'GET', path: '/api/openapi.yaml', roles: null },
  getOrder: { method: 'GET', path: '/api/orders/{id}', roles: ['admin', 'manager', 'user'] },
  getProduct: { method: 'GET', path: '/api/products/{id}', roles: ['admin', 'manager', 'user'] },
  getReadiness: { method: 'GET', path: '/api/health/ready', roles: null },
  getUser: { method: 'GET', path: '/api/users/{id}', roles: ['admin', 'manager', 'user'] },
  listCategories: { method: 'GET', path: '/api/categories', roles: ['admin', 'manager', 'user'] },
  listOrders: { method: 'GET', path: '/api/orders', roles: ['admin', 'manager', 'user'] },
  listProducts: { method: 'GET', path: '/api/products', roles: ['admin', 'manager', 'user'] },
  listStockMovements: { method: 'GET', path: '/api/products/{id}/stock-movements', roles: ['admin', 'manager'] },
  listUsers: { method: 'GET', path: '/api/users', roles: ['admin', 'manager'] },
  login: { method: 'POST', path: '/api/auth/login', roles: null },
  logout: { method: 'POST', path: '/api/auth/logout', roles: ['admin', 'manager', 'user'] },
  payOrder: { method: 'POST', path: '/api/orders/{id}/payment', roles: ['admin', 'manager', 'user'] },
  refreshSession: { method: 'POST', path: '/api/auth/refresh', roles: null },
  register: { method: 'POST', path: '/api/auth/register', roles: null },
  updateCategory: { method: 'PUT', path: '/api/categories/{id}', roles: ['admin', 'manager'] },
  updateOrder: { method: 'PUT', path: '/api/orders/{id}', roles: ['admin', 'manager'] },
  updateProduct: { method: 'PUT', path: '/api/products/{id}', roles: ['admin', 'manager'] },
  updateUser: { method: 'PUT', path: '/api/users/{id}', roles: ['admin', 'manager', 'user'] },
} as const satisfies Record<OperationId, { method: string; path: string; roles: readonly string[] | null }>;

type Operation<K extends OperationId> = operations[K];
type JsonContent<T> = T extends { content: { 'application/json': infer Body } } ? Body : undefined;
type Part<T, Key extends string> = T extends { parameters: infer P }
  ? Key extends keyof P
    ? [NonNullable<P[Key]>] extends [never] ? Record<string, never> : NonNullable<P[Key]>
    : Record<string, never>
  : Record<string, never>;
type RequestBody<T> = T extends { requestBody?: infer B }
  ? [NonNullable<B>] extends [never]
    ? undefined
    : JsonContent<NonNullable<B>> | (undefined extends B ? undefined : never)
  : undefined;
type SuccessStatus = 200 | 201 | 202 | 204;

/** The request a handler receives, typed from the operation's parameters and request body. */
export type OperationRequest<K extends OperationId> = FastifyRequest<{
  Params: Part<Operation<K>, 'path'>;
  Querystring: Part<Operation<K>, 'query'>;
  Body: RequestBody<Operation<K>>;
}>;

/** What a handler returns: one of the operation's documented success statuses with its body. */
export type OperationResult<K extends OperationId> = {
  [S in Extract<keyof Operation<K>['responses'], SuccessStatus>]: {
    status: S;
    body: JsonContent<Operation<K>['responses'][S]> extends undefined
      ? Operation<K>['responses'][S] extends { content: Record<string, infer Raw> } ? Raw : undefined
      : JsonContent<Operation<K>['responses'][S]>;
    headers?: Record<string, string>;
  };
}[Extract<keyof Operation<K>['responses'], SuccessStatus>];

export type OperationHandler<K extends OperationId> = (
  request: OperationRequest<K>,
  reply: FastifyReply,
) => Promise<OperationResult<K>>;

/** One handler per operation: a missing one, or one whose result does not fit the spec, fails to compile. */
export interface OperationHandlers {
  cancelOrder: OperationHandler<'cancelOrder'>;
  createCategory: OperationHandler<'createCategory'>;
  createOrder: OperationHandler<'createOrder'>;
  createProduct: OperationHandler<'createProduct'>;
  createStockAdjustment: OperationHandler<'createStockAdjustment'>;
  deleteCategory: OperationHandler<'deleteCategory'>;
  deleteProduct: OperationHandler<'deleteProduct'>;
  deleteUser: OperationHandler<'deleteUser'>;
  getCategory: OperationHandler<'getCategory'>;
  getCategoryTree: OperationHandler<'getCategoryTree'>;
  getCurrentUser: OperationHandler<'getCurrentUser'>;
  getHealth: OperationHandler<'getHealth'>;
  getOpenApiDocument: OperationHandler<'getOpenApiDocument'>;
  getOrder: OperationHandler<'getOrder'>;
  getProduct: OperationHandler<'getProduct'>;
  getReadiness: OperationHandler<'getReadiness'>;
  getUser: OperationHandler<'getUser'>;
  listCategories: OperationHandler<'listCategories'>;
  listOrders: OperationHandler<'listOrders'>;
  listProducts: OperationHandler<'listProducts'>;
  listStockMovements: OperationHandler<'listStockMovements'>;
  listUsers: OperationHandler<'listUsers'>;
  login: OperationHandler<'login'>;
  logout: OperationHandler<'logout'>;
  payOrder: OperationHandler<'payOrder'>;
  refreshSession: OperationHandler<'refreshSession'>;
  register: OperationHandler<'register'>;
  updateCategory: OperationHandler<'updateCategory'>;
  updateOrder: OperationHandler<'updateOrder'>;
  updateProduct: OperationHandler<'updateProduct'>;
  updateUser: OperationHandler<'updateUser'>;
}
