import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/ingest/collect-schema.ts';
import { createUserAndProject, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { collect, pageview, UNLIMITED } from './ingest-helpers.ts';

let test: TestApp;
let apiKey: string;

beforeAll(async () => {
  test = await startTestApp({ env: UNLIMITED });
  ({ apiKey } = await createUserAndProject(test.ctx));
});

afterAll(() => test.close());

async function send(events: unknown[]) {
  return collect(test.app, { apiKey, body: { events } });
}

/** Metadata whose JSON is exactly `bytes` long. */
function metadataOfBytes(bytes: number): Record<string, string> {
  const overhead = JSON.stringify({ k: '' }).length;
  return { k: 'x'.repeat(bytes - overhead) };
}

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let level = 1; level < depth; level += 1) value = { child: value };
  return value;
}

const FIELD_LIMITS = [
  ['name', LIMITS.name],
  ['path', LIMITS.path],
  ['url', LIMITS.url],
  ['referrer', LIMITS.referrer],
  ['sessionId', LIMITS.sessionId],
  ['visitorId', LIMITS.visitorId],
  ['id', LIMITS.id],
] as const;

describe('limits of POST /api/collect', () => {
  it.each(FIELD_LIMITS)('accepts %s at %i characters', async (field, max) => {
    const response = await send([pageview({ [field]: 'a'.repeat(max) })]);

    expect(response.statusCode).toBe(202);
  });

  it.each(FIELD_LIMITS)('refuses %s at one character past %i, naming it', async (field, max) => {
    const response = await send([pageview(), pageview({ [field]: 'a'.repeat(max + 1) })]);

    expect(response.statusCode).toBe(400);
    expect(response.json().details.fieldErrors.events[0]).toMatch(
      new RegExp(`^events\\[1\\]\\.${field} must be at most ${max} characters`),
    );
  });

  it.each([
    [LIMITS.minEvents, 202],
    [LIMITS.maxEvents, 202],
    [LIMITS.minEvents - 1, 400],
    [LIMITS.maxEvents + 1, 400],
  ])('answers a batch of %i events with %i', async (count, status) => {
    const response = await send(Array.from({ length: count }, () => pageview()));

    expect(response.statusCode).toBe(status);
    if (status === 202) expect(response.json()).toEqual({ accepted: count });
  });

  it.each([
    [LIMITS.metadataBytes, 202],
    [LIMITS.metadataBytes + 1, 400],
  ])('answers metadata of %i bytes with %i', async (bytes, status) => {
    const response = await send([pageview({ metadata: metadataOfBytes(bytes) })]);

    expect(response.statusCode).toBe(status);
    if (status === 400) {
      expect(response.json().details.fieldErrors.events[0]).toBe(
        `events[0].metadata must be at most ${LIMITS.metadataBytes} bytes`,
      );
    }
  });

  it.each([
    [LIMITS.metadataDepth, 202],
    [LIMITS.metadataDepth + 1, 400],
  ])('answers metadata nested %i levels with %i', async (depth, status) => {
    const response = await send([pageview({ metadata: nested(depth) })]);

    expect(response.statusCode).toBe(status);
  });

  it.each([
    [LIMITS.futureSkewMs - 60_000, 202],
    [LIMITS.futureSkewMs + 60_000, 400],
  ])('answers occurredAt %i ms ahead with %i', async (aheadMs, status) => {
    const occurredAt = new Date(Date.now() + aheadMs).toISOString();

    const response = await send([pageview({ occurredAt })]);

    expect(response.statusCode).toBe(status);
  });

  it.each(['yesterday', '2026-13-01T00:00:00Z', 12345])(
    'refuses occurredAt %j that is not an ISO-8601 date-time',
    async (occurredAt) => {
      const response = await send([pageview({ occurredAt })]);

      expect(response.statusCode).toBe(400);
    },
  );

  it('accepts occurredAt with a time-zone offset', async () => {
    const response = await send([pageview({ occurredAt: '2026-06-01T10:00:00+02:00' })]);

    expect(response.statusCode).toBe(202);
  });

  it.each([
    ['a lone surrogate in a field', '{"events":[{"name":"page\\ud800view"}]}'],
    ['a NUL character in a field', '{"events":[{"name":"page\\u0000view"}]}'],
    ['a lone surrogate in metadata', '{"events":[{"name":"x","metadata":{"a":["\\udc00"]}}]}'],
    ['a lone surrogate in a metadata key', '{"events":[{"name":"x","metadata":{"\\ud800":1}}]}'],
  ])('refuses %s as invalid text', async (_label, rawBody) => {
    const response = await collect(test.app, { apiKey, rawBody });

    expect(response.statusCode).toBe(400);
  });

  it('refuses a body that is not valid UTF-8', async () => {
    const rawBody = Buffer.concat([
      Buffer.from('{"events":[{"name":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}]}'),
    ]);

    const response = await collect(test.app, { apiKey, rawBody });

    expect(response.statusCode).toBe(400);
    expect(response.json().details.formErrors).toEqual(['Body is not valid UTF-8']);
  });

  it.each([
    [LIMITS.bodyBytes, 202],
    [LIMITS.bodyBytes + 1, 413],
  ])('answers a body of %i bytes with %i', async (bytes, status) => {
    const json = JSON.stringify({ events: [pageview()] });
    const rawBody = json + ' '.repeat(bytes - Buffer.byteLength(json));

    const response = await collect(test.app, { apiKey, rawBody });

    expect(response.statusCode).toBe(status);
    if (status === 413) expect(response.json()).toEqual({ error: 'Payload too large' });
  });
});
