import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { InputBoundary } from '../log/InputBoundary.js';
import { createLogger } from '../log/logger.js';
import { CoreMetrics } from '../metrics/CoreMetrics.js';
import { healthReport, installHttpBoundary } from './httpBoundary.js';

describe('HTTP input boundary', () => {
  it('answers a throwing route with a coded 500 without server detail, counts it per route, and keeps serving', async () => {
    const metrics = new CoreMetrics();
    const app = Fastify({ bodyLimit: 1024 });
    installHttpBoundary(app, new InputBoundary(metrics, createLogger('silent')));
    app.get('/boom', () => {
      throw new Error('ENOENT: /srv/safetwin/data/secret-path.json');
    });
    app.post('/echo', (request) => request.body);
    for (let i = 0; i < 3; i++) {
      const response = await app.inject({ method: 'GET', url: '/boom' });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({ problem: { code: 'ST_ERR_REQUEST_FAILED', severity: 'error', message: 'The request could not be carried out' } });
    }
    const tooLarge = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ a: 'x'.repeat(5000) }) });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json()).toMatchObject({ problem: { code: 'ST_ERR_HTTP_BAD_REQUEST' } });
    const malformed = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"a":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ problem: { code: 'ST_ERR_HTTP_BAD_REQUEST' } });
    expect((await app.inject({ method: 'POST', url: '/echo', payload: { ok: 1 } })).json()).toEqual({ ok: 1 });
    const counted = (await metrics.handlerErrors.get()).values.map((v) => [v.labels, v.value]);
    expect(counted).toEqual([[{ surface: 'http', handler: 'GET /boom' }, 3]]);
    await app.close();
  });
});

describe('health report', () => {
  const base = { problems: [], uptimeS: 1, authRequired: false };
  it('is degraded, with the reason, while the broker link is down; connecting at start is not yet a loss', () => {
    expect(healthReport({ ...base, mqtt: 'connected' })).toMatchObject({ status: 'ok', problems: [], mqtt: 'connected' });
    expect(healthReport({ ...base, mqtt: 'connecting' }).status).toBe('ok');
    for (const mqtt of ['reconnecting', 'offline'] as const) {
      const report = healthReport({ ...base, mqtt });
      expect(report).toMatchObject({ status: 'degraded', mqtt, problems: [{ code: 'ST_ERR_MQTT_LINK_DOWN', severity: 'error' }] });
    }
  });
});
