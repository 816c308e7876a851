import type { components } from '../generated/openapi.js';

type PaginationMeta = components['schemas']['PaginationMeta'];

export function success<T>(data: T, message = 'OK') {
  return { success: true as const, data, message, timestamp: new Date().toISOString() };
}

export function successPage<T>(data: T[], meta: PaginationMeta, message = 'OK') {
  return { ...success(data, message), meta };
}

export function paginationMeta(page: number, perPage: number, total: number): PaginationMeta {
  return { page, per_page: perPage, total, total_pages: Math.ceil(total / perPage) };
}
