import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, OrderRow } from '../database/schema.js';
import { formatMoney } from '../money.js';
import { insertOutboxMessages } from '../queries/outbox.js';

export type OrderEventTopic = 'order.placed' | 'order.status_changed';

/**
 * Records what must be told about an order, in the caller's transaction: an email to the customer
 * (`{event_id, to, subject, text}`), a text message and an analytics event. The outbox worker delivers
 * them later, each with the same `event_id` on every retry so receivers can drop duplicates.
 */
export async function recordOrderEvent(trx: Kysely<Database>, topic: OrderEventTopic, order: OrderRow): Promise<void> {
  const customer = await trx.selectFrom('users').select(['email', 'username']).where('id', '=', order.user_id).executeTakeFirst();
  const eventId = randomUUID();
  const total = formatMoney(order.total_cents);
  const subject = topic === 'order.placed' ? `Order #${order.id} placed` : `Order #${order.id} is now ${order.status}`;
  const text =
    topic === 'order.placed'
      ? `Hello ${customer?.username ?? 'customer'}, we received your order #${order.id} for ${total}. It is pending payment.`
      : `Hello ${customer?.username ?? 'customer'}, your order #${order.id} (${total}) is now ${order.status}.`;
  await insertOutboxMessages(trx, [
    { event_id: eventId, channel: 'email', topic, payload: { event_id: eventId, to: customer?.email ?? '', subject, text } },
    { event_id: eventId, channel: 'sms', topic, payload: { event_id: eventId, user_id: order.user_id, text } },
    {
      event_id: eventId,
      channel: 'analytics',
      topic,
      payload: { event_id: eventId, type: topic, order_id: order.id, user_id: order.user_id, status: order.status, total_amount: total, at: order.updated_at },
    },
  ]);
}
