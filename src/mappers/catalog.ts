import type { CategoryRow, ProductRow, StockMovementRow } from '../database/schema.js';
import type { components } from '../generated/openapi.js';
import { formatMoney } from '../money.js';

type Schemas = components['schemas'];
export type Category = Schemas['Category'];
export type CategoryNode = Schemas['CategoryNode'];
export type Product = Schemas['Product'];
export type ProductFieldset = Schemas['ProductFieldset'];
export type ProductField = keyof Product;

export function categoryRowToCategory(row: CategoryRow): Category {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    parent_id: row.parent_id,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** Nests categories under their parents; `rows` come sorted, so siblings keep that order. */
export function buildCategoryTree(rows: CategoryRow[]): CategoryNode[] {
  const nodes = new Map<number, CategoryNode>(
    rows.map((row) => [row.id, { id: row.id, name: row.name, description: row.description, parent_id: row.parent_id, children: [] }]),
  );
  const roots: CategoryNode[] = [];
  for (const row of rows) {
    const node = nodes.get(row.id);
    if (!node) continue;
    const parent = row.parent_id === null ? undefined : nodes.get(row.parent_id);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** The columns a product's API fields come from (a row without its version, say). */
export type ProductFieldColumns = Pick<ProductRow, (typeof PRODUCT_FIELD_COLUMNS)[ProductField]>;

export function productRowToProduct(row: ProductFieldColumns): Product {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    price: formatMoney(row.price_cents),
    stock_quantity: row.stock_quantity,
    category_id: row.category_id,
    active: Boolean(row.active),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export const PRODUCT_FIELDS: readonly ProductField[] = [
  'id', 'sku', 'name', 'description', 'price', 'stock_quantity', 'category_id', 'active', 'created_at', 'updated_at',
];

/** The column behind each API field. */
export const PRODUCT_FIELD_COLUMNS = {
  id: 'id',
  sku: 'sku',
  name: 'name',
  description: 'description',
  price: 'price_cents',
  stock_quantity: 'stock_quantity',
  category_id: 'category_id',
  active: 'active',
  created_at: 'created_at',
  updated_at: 'updated_at',
} as const satisfies Record<ProductField, keyof ProductRow>;

/** Parses `fields=name,price` (already allow-listed by the spec); `id` is always in. */
export function parseFields(fields: string | undefined): ProductField[] {
  if (fields === undefined) return [...PRODUCT_FIELDS];
  const asked = new Set(fields.split(',') as ProductField[]);
  return PRODUCT_FIELDS.filter((field) => field === 'id' || asked.has(field));
}

export function productFieldset(row: Partial<ProductRow> & Pick<ProductRow, 'id'>, fields: readonly ProductField[]): ProductFieldset {
  const out: ProductFieldset = { id: row.id };
  for (const field of fields) {
    switch (field) {
      case 'id':
        break;
      case 'price':
        if (row.price_cents !== undefined) out.price = formatMoney(row.price_cents);
        break;
      case 'active':
        if (row.active !== undefined) out.active = Boolean(row.active);
        break;
      case 'sku':
      case 'name':
      case 'created_at':
      case 'updated_at':
        if (row[field] !== undefined) out[field] = row[field];
        break;
      case 'description':
      case 'category_id':
        if (row[field] !== undefined) out[field] = row[field] as never;
        break;
      case 'stock_quantity':
        if (row.stock_quantity !== undefined) out.stock_quantity = row.stock_quantity;
        break;
    }
  }
  return out;
}

export type StockMovement = Schemas['StockMovement'];

export function stockMovementRowToMovement(row: StockMovementRow): StockMovement {
  return {
    id: row.id,
    product_id: row.product_id,
    delta: row.delta,
    reason: row.reason,
    order_id: row.order_id,
    user_id: row.user_id,
    note: row.note,
    created_at: row.created_at,
  };
}
