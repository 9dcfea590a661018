import { describe, expect, it } from 'vitest';
import { certainlyValidEvents } from '../../src/ingest/collect-fast-check.ts';
import { collectBodySchema, LIMITS } from '../../src/ingest/collect-schema.ts';

/** zod reads the clock itself, so the quick check is given the same one. */
const NOW = Date.now();
const HOUR_MS = 60 * 60 * 1000;

function hoursFromNow(hours: number): string {
  return new Date(NOW + hours * HOUR_MS).toISOString();
}

const SDK_EVENT = {
  id: 'e_3kTq81',
  name: 'scroll_depth',
  path: '/blog/how-we-measure',
  url: 'https://www.example.com/blog/how-we-measure?utm_source=newsletter',
  referrer: 'https://news.ycombinator.com/',
  sessionId: 's_Q2x9TbA7mK',
  visitorId: 'v_h3LpW8sZ1c',
  occurredAt: hoursFromNow(-0.001),
  metadata: { threshold: 50, percent: 52, nested: { list: [1, 'two', null] } },
};

function withEvent(fields: Record<string, unknown>): unknown {
  return { events: [{ ...SDK_EVENT, ...fields }] };
}

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let level = 1; level < depth; level += 1) value = { child: value };
  return value;
}

/** Bodies on both sides of every rule of the schema. */
const BODIES: [string, unknown][] = [
  ['an SDK batch', { events: [SDK_EVENT, { ...SDK_EVENT, name: 'pageview' }] }],
  ['the least event', { events: [{ name: 'p' }] }],
  ['an unknown field', withEvent({ colour: 'blue' })],
  ['an unknown root field', { events: [SDK_EVENT], extra: 1 }],
  ['no events', { events: [] }],
  ['101 events', { events: Array.from({ length: 101 }, () => SDK_EVENT) }],
  ['100 events', { events: Array.from({ length: 100 }, () => SDK_EVENT) }],
  ['events not a list', { events: { 0: SDK_EVENT } }],
  ['a list body', [SDK_EVENT]],
  ['a null body', null],
  ['a string body', 'events'],
  ['an event that is a list', { events: [[SDK_EVENT]] }],
  ['an event that is null', { events: [null] }],
  ['no name', withEvent({ name: undefined })],
  ['an empty name', withEvent({ name: '' })],
  ['a name at its limit', withEvent({ name: 'n'.repeat(LIMITS.name) })],
  ['a name past its limit', withEvent({ name: 'n'.repeat(LIMITS.name + 1) })],
  ['a number name', withEvent({ name: 7 })],
  ['a null path', withEvent({ path: null })],
  ['an empty path', withEvent({ path: '' })],
  ['a url past its limit', withEvent({ url: 'u'.repeat(LIMITS.url + 1) })],
  ['a referrer at its limit', withEvent({ referrer: 'r'.repeat(LIMITS.referrer) })],
  ['a session id past its limit', withEvent({ sessionId: 's'.repeat(LIMITS.sessionId + 1) })],
  ['a visitor id past its limit', withEvent({ visitorId: 'v'.repeat(LIMITS.visitorId + 1) })],
  ['an empty id', withEvent({ id: '' })],
  ['an id past its limit', withEvent({ id: 'i'.repeat(LIMITS.id + 1) })],
  ['a NUL in a name', withEvent({ name: 'a\u0000b' })],
  ['a lone surrogate in a path', withEvent({ path: '/\ud800' })],
  ['a pair of surrogates in a path', withEvent({ path: '/\ud83d\ude00' })],
  ['an offset date', withEvent({ occurredAt: '2026-05-01T13:59:58+02:00' })],
  ['a date without seconds', withEvent({ occurredAt: '2026-05-01T11:59Z' })],
  ['a date without a zone', withEvent({ occurredAt: '2026-05-01T11:59:58' })],
  ['a date only', withEvent({ occurredAt: '2026-05-01' })],
  ['a 30th of February', withEvent({ occurredAt: '2026-02-30T10:00:00Z' })],
  ['a 29th of February in a leap year', withEvent({ occurredAt: '2024-02-29T10:00:00Z' })],
  ['a 29th of February in another year', withEvent({ occurredAt: '2025-02-29T10:00:00Z' })],
  ['a date in epoch ms', withEvent({ occurredAt: NOW })],
  ['a date 23 hours ahead', withEvent({ occurredAt: hoursFromNow(23) })],
  ['a date 25 hours ahead', withEvent({ occurredAt: hoursFromNow(25) })],
  ['metadata that is a list', withEvent({ metadata: [1, 2] })],
  ['metadata that is null', withEvent({ metadata: null })],
  ['metadata that is a string', withEvent({ metadata: 'x' })],
  ['empty metadata', withEvent({ metadata: {} })],
  ['metadata at its depth', withEvent({ metadata: nested(LIMITS.metadataDepth) })],
  ['metadata past its depth', withEvent({ metadata: nested(LIMITS.metadataDepth + 1) })],
  ['metadata past its size', withEvent({ metadata: { k: 'x'.repeat(LIMITS.metadataBytes) } })],
  ['a NUL in a metadata key', withEvent({ metadata: { 'a\u0000': 1 } })],
  ['a lone surrogate in metadata', withEvent({ metadata: { a: ['\udc00'] } })],
];

/** What the route would parse: the body as JSON text and back. */
function parsed(body: unknown): unknown {
  return body === undefined ? undefined : JSON.parse(JSON.stringify(body));
}

describe('the quick check of a collect body', () => {
  it.each(BODIES)('never accepts what zod refuses: %s', (_label, body) => {
    const input = parsed(body);

    const quick = certainlyValidEvents(input, NOW);
    const zod = collectBodySchema.safeParse(input);

    if (quick !== undefined) expect(zod.success).toBe(true);
  });

  it.each([
    ['an SDK batch', BODIES[0]![1]],
    ['the least event', BODIES[1]![1]],
    ['an offset date', withEvent({ occurredAt: '2026-05-01T13:59:58+02:00' })],
    ['a date 23 hours ahead', withEvent({ occurredAt: hoursFromNow(23) })],
    ['100 events', { events: Array.from({ length: 100 }, () => SDK_EVENT) }],
  ])('recognises a valid batch without zod: %s', (_label, body) => {
    const input = parsed(body);

    const quick = certainlyValidEvents(input, NOW);

    expect(quick?.events).toEqual(collectBodySchema.parse(input).events);
  });

  it('hands back the fields zod would keep, with unknown ones left beside them', () => {
    const input = parsed(withEvent({ colour: 'blue' }));

    const [event] = certainlyValidEvents(input, NOW)?.events ?? [];

    expect(event).toMatchObject(SDK_EVENT);
  });

  it("hands back each event's metadata as the JSON text that was measured", () => {
    const input = parsed({ events: [SDK_EVENT, { name: 'signup' }] });

    const quick = certainlyValidEvents(input, NOW);

    expect(quick?.metadataJson).toEqual([JSON.stringify(SDK_EVENT.metadata), undefined]);
  });
});
