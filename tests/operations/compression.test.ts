/**
 * gzip compression: large responses are compressed for clients that accept it, and what they unpack is
 * exactly what the spec describes; small responses are sent as they are.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync, inflateSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specPath } from '../../src/paths.js';
import { bearer, createTestApp, type Session, type TestApp } from '../helpers/app.js';
import { testDialect } from '../helpers/database.js';
import { violationsOf } from './support.js';

const PRODUCTS = 100;

let t: TestApp;
let manager: Session;

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.sessionAs('manager');
  for (let i = 1; i <= PRODUCTS; i += 1) {
    const res = await t.request({
      method: 'POST',
      url: '/api/products',
      headers: bearer(manager),
      payload: {
        sku: `GZ-${String(i).padStart(3, '0')}`,
        name: `Compressible product number ${i}`,
        description: 'A description long enough that a page of one hundred products is many kilobytes of JSON.',
        price: `${i}.99`,
        stock_quantity: i,
      },
    });
    expect(res.status).toBe(201);
  }
});
afterAll(async () => {
  await t.close();
});

function encodingOf(res: LightMyRequestResponse): string | undefined {
  const value = res.headers['content-encoding'];
  return typeof value === 'string' ? value : undefined;
}

function varyOf(res: LightMyRequestResponse): string {
  const value = res.headers.vary;
  return (Array.isArray(value) ? value.join(',') : (value ?? '')).toLowerCase();
}

interface ProductPage {
  data: { sku: string }[];
  meta: { total: number; per_page: number };
}

describe(`response compression (${testDialect})`, () => {
  const url = `/api/products?per_page=${PRODUCTS}&sort=sku`;

  it('gzips a large JSON list for a client that accepts gzip, and it unpacks to a body that matches the spec', async () => {
    const res = await t.app.inject({ method: 'GET', url, headers: { ...bearer(manager), 'accept-encoding': 'gzip' } });
    expect(res.statusCode).toBe(200);
    expect(encodingOf(res)).toBe('gzip');
    expect(varyOf(res)).toContain('accept-encoding');
    expect(String(res.headers['content-type'])).toMatch(/^application\/json/);

    const body = gunzipSync(res.rawPayload).toString('utf8');
    expect(violationsOf('GET', url, res, body)).toEqual([]);
    const page = JSON.parse(body) as ProductPage;
    expect(page.data).toHaveLength(PRODUCTS);
    expect(page.meta).toMatchObject({ total: PRODUCTS, per_page: PRODUCTS });
    expect(page.data[0]?.sku).toBe('GZ-001');
    expect(res.rawPayload.length, 'the compressed body is much smaller').toBeLessThan(Buffer.byteLength(body) / 3);

    // The same page without compression carries the same data.
    const plain = await t.app.inject({ method: 'GET', url, headers: bearer(manager) });
    expect(encodingOf(plain)).toBeUndefined();
    expect(violationsOf('GET', url, plain)).toEqual([]);
    expect(plain.json<ProductPage>().data).toEqual(page.data);
  });

  it('also speaks deflate, and sends identity to a client that accepts no encoding it supports', async () => {
    const deflated = await t.app.inject({ method: 'GET', url, headers: { ...bearer(manager), 'accept-encoding': 'deflate' } });
    expect(encodingOf(deflated)).toBe('deflate');
    const body = inflateSync(deflated.rawPayload).toString('utf8');
    expect(violationsOf('GET', url, deflated, body)).toEqual([]);

    const identity = await t.app.inject({ method: 'GET', url, headers: { ...bearer(manager), 'accept-encoding': 'identity' } });
    expect(encodingOf(identity)).toBeUndefined();
    expect(violationsOf('GET', url, identity)).toEqual([]);
  });

  describe('GET /api/openapi.yaml (about 100 KB of YAML)', () => {
    let res: LightMyRequestResponse;
    beforeAll(async () => {
      res = await t.app.inject({ method: 'GET', url: '/api/openapi.yaml', headers: { 'accept-encoding': 'gzip, deflate' } });
    });

    it('serves the spec byte for byte to a client that accepts gzip (unpacked if compressed)', () => {
      expect(res.statusCode).toBe(200);
      const text = encodingOf(res) === 'gzip' ? gunzipSync(res.rawPayload).toString('utf8') : res.body;
      expect(violationsOf('GET', '/api/openapi.yaml', res, text)).toEqual([]);
      expect(text).toBe(readFileSync(specPath, 'utf8'));
      expect(Buffer.byteLength(text)).toBeGreaterThan(50_000);
    });

    // openapi.yaml (~100 KB, fetched by SDK generators and /docs) is YAML, which @fastify/compress does not
    // compress by default; the app lists it in customTypes.
    it('is gzipped', () => {
      expect({ status: res.statusCode, encoding: encodingOf(res) }).toEqual({ status: 200, encoding: 'gzip' });
    });
  });

  it('sends a small response (GET /api/health) uncompressed even when gzip is accepted', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health', headers: { 'accept-encoding': 'gzip' } });
    expect(res.statusCode).toBe(200);
    expect(encodingOf(res)).toBeUndefined();
    expect(res.rawPayload.length).toBeLessThan(1024);
    expect(violationsOf('GET', '/api/health', res)).toEqual([]);
  });

  it('compresses a large error response too, and it still unpacks to the error envelope', async () => {
    // A validation error listing many problems is large enough to cross the 1 KiB threshold.
    const items = Array.from({ length: 60 }, () => ({ product_id: 0, quantity: 0 }));
    const res = await t.app.inject({ method: 'POST', url: '/api/orders', headers: { ...bearer(manager), 'accept-encoding': 'gzip' }, payload: { items } });
    expect(res.statusCode).toBe(400);
    expect(encodingOf(res)).toBe('gzip');
    const body = gunzipSync(res.rawPayload).toString('utf8');
    expect(Buffer.byteLength(body)).toBeGreaterThan(1024);
    expect(violationsOf('POST', '/api/orders', res, body)).toEqual([]);
    expect((JSON.parse(body) as { error: { code: string } }).error.code).toBe('VALIDATION_ERROR');
  });
});
