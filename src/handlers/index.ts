import type { OperationHandlers } from '../generated/operations.js';
import { createAuthHandlers } from './auth.js';
import { createCategoryHandlers } from './categories.js';
import type { HandlerContext } from './context.js';
import { createHealthHandlers } from './health.js';
import { createOrderHandlers } from './orders.js';
import { createProductHandlers } from './products.js';
import { createUserHandlers } from './users.js';

/** One handler per operation in openapi.yaml; leaving one out is a compile error. */
export function createHandlers(context: HandlerContext): OperationHandlers {
  return {
    ...createAuthHandlers(context),
    ...createUserHandlers(context),
    ...createCategoryHandlers(context),
    ...createProductHandlers(context),
    ...createOrderHandlers(context),
    ...createHealthHandlers(context),
  } satisfies OperationHandlers;
}
