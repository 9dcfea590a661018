import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/ingest/collect-schema.ts';
import { createUserAndProject, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { collect, pageview, storedEvents, UNLIMITED } from './ingest-helpers.ts';

/** mulberry32: a tiny seeded generator, so a failing case can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface HostileRequest {
  kind: string;
  rawBody: string | Buffer;
  contentType: string;
}

function deepNesting(depth: number): string {
  return `{"events":[{"name":"x","metadata":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}]}`;
}

/** Each maker returns one malformed request; `next()` picks parameters from the seed. */
const MAKERS: ((
  next: () => number,
) => Omit<HostileRequest, 'contentType'> & { contentType?: string })[] = [
  (next) => ({
    kind: 'truncated JSON',
    rawBody: JSON.stringify({ events: [pageview()] }).slice(0, 5 + Math.floor(next() * 40)),
  }),
  () => ({ kind: 'not JSON at all', rawBody: '<html>hello</html>' }),
  () => ({ kind: 'JSON null', rawBody: 'null' }),
  () => ({ kind: 'array body', rawBody: '[{"name":"x"}]' }),
  () => ({ kind: 'events not an array', rawBody: '{"events":{"name":"x"}}' }),
  () => ({ kind: 'zero events', rawBody: '{"events":[]}' }),
  () => ({
    kind: 'too many events',
    rawBody: JSON.stringify({
      events: Array.from({ length: LIMITS.maxEvents + 1 }, () => ({ name: 'x' })),
    }),
  }),
  (next) => ({
    kind: 'wrong field type',
    rawBody: JSON.stringify({ events: [{ name: Math.floor(next() * 1000) }] }),
  }),
  () => ({ kind: 'metadata not an object', rawBody: '{"events":[{"name":"x","metadata":[1,2]}]}' }),
  (next) => ({
    kind: 'huge string',
    rawBody: JSON.stringify({
      events: [{ name: 'x', path: 'p'.repeat(LIMITS.path + 1 + Math.floor(next() * 10_000)) }],
    }),
  }),
  (next) => ({
    kind: 'deep nesting',
    rawBody: deepNesting(LIMITS.metadataDepth + 1 + Math.floor(next() * 5_000)),
  }),
  (next) => ({
    kind: 'invalid UTF-8',
    rawBody: Buffer.from([0x7b, 0x22, 0xff, 0xfe, Math.floor(next() * 256), 0x22, 0x7d]),
  }),
  () => ({ kind: 'lone surrogate', rawBody: '{"events":[{"name":"\\udfff"}]}' }),
  () => ({
    kind: 'wrong content type',
    rawBody: JSON.stringify({ events: [pageview()] }),
    contentType: 'application/xml',
  }),
  () => ({
    kind: 'form content type',
    rawBody: 'events=1',
    contentType: 'application/x-www-form-urlencoded',
  }),
  (next) => ({
    kind: 'oversized body',
    rawBody: 'x'.repeat(LIMITS.bodyBytes + 1 + Math.floor(next() * 1000)),
  }),
  () => ({ kind: 'empty body', rawBody: '' }),
  () => ({
    kind: 'prototype pollution',
    rawBody:
      '{"events":[{"name":"x","__proto__":{"admin":true},"metadata":{"__proto__":{"polluted":true}}}],"constructor":{"prototype":{"bad":1}}}',
  }),
];

function hostileRequests(seed: number, count: number): HostileRequest[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    const made = MAKERS[Math.floor(next() * MAKERS.length)]!(next);
    return { contentType: 'application/json', ...made };
  });
}

let test: TestApp;
let apiKey: string;
let projectId: string;

beforeAll(async () => {
  test = await startTestApp({ env: UNLIMITED });
  ({
    apiKey,
    project: { id: projectId },
  } = await createUserAndProject(test.ctx));
});

afterAll(() => test.close());

describe('hostile input', () => {
  it('refuses metadata nested as deep as the body limit allows without crashing', async () => {
    const depth = Math.floor((LIMITS.bodyBytes - 100) / 6);

    const response = await collect(test.app, { apiKey, rawBody: deepNesting(depth) });

    expect(response.statusCode).toBe(400);
  });

  it.each([1, 2, 3])(
    'answers every malformed request 4xx and stores all valid traffic in between (seed %i)',
    async (seed) => {
      const validIds: string[] = [];

      for (const request of hostileRequests(seed, 60)) {
        const hostile = await collect(test.app, { apiKey, ...request });
        const event = pageview();
        const valid = await collect(test.app, { apiKey, body: { events: [event] } });
        validIds.push(event.id);

        expect(hostile.statusCode, `${request.kind} (seed ${seed})`).toBeGreaterThanOrEqual(400);
        expect(hostile.statusCode, `${request.kind} (seed ${seed})`).toBeLessThan(500);
        expect(hostile.json().error).toEqual(expect.any(String));
        expect(valid.statusCode).toBe(202);
      }

      const stored = new Set((await storedEvents(test.ctx, projectId)).map((row) => row.client_id));
      expect(validIds.filter((id) => !stored.has(id))).toEqual([]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );
});
