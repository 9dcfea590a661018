// @vitest-environment node
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createMetricsClient } from '../src/index.ts';
import { fakeCollector } from './helpers/fake-collector.ts';

describe('on a server', () => {
  it('imports and sends events with fetchImplementation, touching no browser global', async () => {
    expect(typeof window).toBe('undefined');
    const collector = fakeCollector();
    const client = createMetricsClient('mtr_key', {
      endpoint: 'http://metrics.internal/api/collect',
      fetchImplementation: collector.fetchImplementation,
    });

    client.track('invoice_paid', { path: '/billing', metadata: { amount: 10 } });
    client.identify({ userId: 'u1' });
    const result = await client.flush();
    await client.shutdown();

    expect(result).toEqual({ accepted: 2, failed: 0 });
    expect(collector.events()[0]).toMatchObject({
      name: 'invoice_paid',
      path: '/billing',
      metadata: { amount: 10 },
      sessionId: expect.stringMatching(/^s_/),
      visitorId: expect.stringMatching(/^v_/),
    });
    expect(collector.events()[0]).not.toHaveProperty('url');
  });

  it('ships CommonJS and ESM builds that load in Node', async () => {
    const require = createRequire(import.meta.url);
    const commonJs = require('harshit-metrics');
    const esm = await import('harshit-metrics');

    expect(typeof commonJs.createMetricsClient).toBe('function');
    expect(typeof esm.createMetricsClient).toBe('function');
  });
});
