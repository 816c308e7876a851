import type { OrderItemRow, OrderRow } from '../database/schema.js';
import type { components } from '../generated/openapi.js';
import { formatMoney } from '../money.js';

export type Order = components['schemas']['Order'];

export function orderToApi(order: OrderRow, items: OrderItemRow[]): Order {
  return {
    id: order.id,
    user_id: order.user_id,
    status: order.status,
    total_amount: formatMoney(order.total_cents),
    items: items.map((item) => ({
      product_id: item.product_id,
      quantity: item.quantity,
      unit_price: formatMoney(item.unit_price_cents),
      line_total: formatMoney(item.unit_price_cents * item.quantity),
    })),
    created_at: order.created_at,
    updated_at: order.updated_at,
  };
}
