import Fastify from 'fastify';
import type { LogEvent } from 'kysely';
import { describe, expect, it } from 'vitest';
import { Metrics } from '../src/metrics.js';
import { metricValue } from './resilience/shop.js';

async function instrumentedApp(metrics: Metrics) {
  const app = Fastify();
  metrics.instrument(app);
  app.get('/items/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    if (id === 'broken') throw new Error('boom');
    if (id === 'missing') return reply.code(404).send({ missing: true });
    return { id };
  });
  app.post('/items', () => ({ created: true }));
  await app.ready();
  return app;
}

const queryEvent = (level: LogEvent['level'], millis: number) => ({ level, queryDurationMillis: millis }) as LogEvent;

describe('Metrics', () => {
  it('keeps every method, route and status apart, counts 5xx as errors, and records durations', async () => {
    const metrics = new Metrics();
    const app = await instrumentedApp(metrics);
    for (const url of ['/items/1', '/items/2', '/items/missing', '/items/broken', '/items/1']) await app.inject({ method: 'GET', url });
    await app.inject({ method: 'POST', url: '/items' });
    await app.inject({ method: 'GET', url: '/nowhere' });
    const text = await metrics.registry.metrics();
    const route = '/items/:id';
    expect(metricValue(text, 'http_requests_total', { method: 'GET', route, status: '200' })).toBe(3);
    expect(metricValue(text, 'http_requests_total', { method: 'GET', route, status: '404' })).toBe(1);
    expect(metricValue(text, 'http_requests_total', { method: 'GET', route, status: '500' })).toBe(1);
    expect(metricValue(text, 'http_requests_total', { method: 'POST', route: '/items', status: '200' })).toBe(1);
    expect(metricValue(text, 'http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(metricValue(text, 'http_request_errors_total', { method: 'GET', route, status: '500' })).toBe(1);
    expect(metricValue(text, 'http_request_errors_total', { method: 'GET', route, status: '404' })).toBeUndefined();
    expect(metricValue(text, 'http_request_duration_seconds_count', { method: 'GET', route, status: '200' })).toBe(3);
    expect(metricValue(text, 'http_request_duration_seconds_sum', { method: 'GET', route, status: '200' })).toBeGreaterThan(0);
    await app.close();
  });

  it('times queries by outcome', async () => {
    const metrics = new Metrics();
    metrics.onQuery(queryEvent('query', 2));
    metrics.onQuery(queryEvent('query', 4));
    metrics.onQuery(queryEvent('error', 30));
    const text = await metrics.registry.metrics();
    expect(metricValue(text, 'db_query_duration_seconds_count', { outcome: 'ok' })).toBe(2);
    expect(metricValue(text, 'db_query_duration_seconds_sum', { outcome: 'ok' })).toBeCloseTo(0.006, 6);
    expect(metricValue(text, 'db_query_duration_seconds_count', { outcome: 'error' })).toBe(1);
    expect(metricValue(text, 'db_query_duration_seconds_bucket', { outcome: 'error', le: '0.025' })).toBe(0);
    expect(metricValue(text, 'db_query_duration_seconds_bucket', { outcome: 'error', le: '0.05' })).toBe(1);
  });
});
