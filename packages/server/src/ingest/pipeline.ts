import type { IncomingHttpHeaders } from 'node:http';
import secureJson from 'secure-json-parse';
import type { IngestConfig } from '../config.ts';
import { looksLikeApiKey } from '../keys/api-key.ts';
import type { EventRecord } from '../storage/events/event-record.ts';
import { anonymiseIp as anonymise, unmapIpv4 } from './client-ip.ts';
import { certainlyValidEvents } from './collect-fast-check.ts';
import { type CollectEvent, collectBodySchema, describeIssues } from './collect-schema.ts';
import { newEventId } from './event-id.ts';
import { countryFromHeader, type GeoLookup } from './geo.ts';
import type { IngestMetrics } from './ingest-metrics.ts';
import type { KeyCache, ResolvedKey } from './key-cache.ts';
import { IngestRejection } from './outcomes.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { parseUserAgent } from './user-agent.ts';

/** What the route hands the pipeline: the request, reduced to what ingestion reads. */
export interface IngestInput {
  apiKey: string | undefined;
  /** The raw body; decoding and parsing are part of validation. */
  body: Buffer | undefined;
  /** The client's address, `x-forwarded-for` already applied when the hop is trusted. */
  clientIp: string;
  /** Whether the connecting peer is a trusted proxy (its CDN headers are believed). */
  viaTrustedProxy: boolean;
  headers: IncomingHttpHeaders;
  receivedAt: Date;
}

/** The batch as it moves through the steps; each step fills in or narrows a part of it. */
export interface IngestState {
  readonly input: IngestInput;
  key: ResolvedKey | undefined;
  events: CollectEvent[];
  /** Events dropped as bot traffic (counted, answered 202, not stored). */
  bots: number;
  /** Per event, its metadata's JSON text when validation made it. */
  metadataJson: (string | undefined)[];
  records: EventRecord[];
}

export interface IngestDeps {
  keys: KeyCache;
  keyLimiter: RateLimiter;
  ipLimiter: RateLimiter;
  metrics: IngestMetrics;
  isBot: (userAgent: string) => boolean;
  geo: GeoLookup;
  ipStorage: IngestConfig['ipStorage'];
}

export type IngestStep = (state: IngestState, deps: IngestDeps) => void | Promise<void>;

/** Whose batch is this: the key must exist, be live and belong to a project. */
export async function resolveKey(state: IngestState, deps: IngestDeps): Promise<void> {
  const apiKey = state.input.apiKey?.trim();
  if (!apiKey) throw new IngestRejection('missing_key');
  const key = looksLikeApiKey(apiKey) ? await deps.keys.resolve(apiKey) : null;
  if (!key) throw new IngestRejection('invalid_key');
  state.key = key;
}

/** Per-key limit first (it protects the project), then per client address. */
export function limitRate(state: IngestState, deps: IngestDeps): void {
  const projectId = state.key?.projectId;
  const keyWait = deps.keyLimiter.take(state.key?.keyId ?? '');
  if (keyWait > 0) {
    deps.metrics.countRateLimited('key');
    throw new IngestRejection('rate_limited', { retryAfterSeconds: keyWait, projectId });
  }
  const ipWait = deps.ipLimiter.take(state.input.clientIp);
  if (ipWait > 0) {
    deps.metrics.countRateLimited('ip');
    throw new IngestRejection('rate_limited', { retryAfterSeconds: ipWait, projectId });
  }
}

function invalidPayload(state: IngestState, formError: string): IngestRejection {
  return new IngestRejection('invalid_payload', {
    details: { formErrors: [formError], fieldErrors: {} },
    projectId: state.key?.projectId,
  });
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function parseBody(state: IngestState): unknown {
  const { body } = state.input;
  if (body === undefined || body.length === 0) throw invalidPayload(state, 'Body is empty');
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch {
    throw invalidPayload(state, 'Body is not valid UTF-8');
  }
  try {
    // Like Fastify's own JSON parser: `__proto__` and `constructor.prototype` keys are refused.
    return secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    const message =
      error instanceof SyntaxError ? 'Body is not valid JSON' : 'Body has a forbidden key';
    throw invalidPayload(state, message);
  }
}

/**
 * Decodes and checks the body against the schema; a bad batch is refused whole. The common
 * valid batch is recognised by a quick check; zod judges the rest and explains refusals.
 */
export function validate(state: IngestState): void {
  const body = parseBody(state);
  const batch = certainlyValidEvents(body, Date.now());
  if (batch) {
    state.events = batch.events;
    state.metadataJson = batch.metadataJson;
    return;
  }
  const parsed = collectBodySchema.safeParse(body);
  if (!parsed.success) {
    throw new IngestRejection('invalid_payload', {
      details: describeIssues(parsed.error),
      projectId: state.key?.projectId,
    });
  }
  state.events = parsed.data.events;
}

/** Bot traffic is acknowledged (so crawlers do not retry) and counted, never stored. */
export function dropBots(state: IngestState, deps: IngestDeps): void {
  const userAgent = state.input.headers['user-agent'];
  if (userAgent && deps.isBot(userAgent)) {
    state.bots = state.events.length;
    state.events = [];
  }
}

/** The stored shape: client fields, a server id and the receive time. */
export function buildRecords(state: IngestState): void {
  const { receivedAt, clientIp, headers } = state.input;
  const projectId = state.key!.projectId;
  state.records = state.events.map((event, index) => ({
    projectId,
    id: newEventId(),
    clientId: event.id ?? null,
    name: event.name,
    path: event.path ?? null,
    url: event.url ?? null,
    referrer: event.referrer ?? null,
    sessionId: event.sessionId ?? null,
    visitorId: event.visitorId ?? null,
    occurredAt: event.occurredAt ? new Date(event.occurredAt) : receivedAt,
    receivedAt,
    metadata: event.metadata ?? null,
    metadataJson: state.metadataJson[index],
    ip: unmapIpv4(clientIp),
    userAgent: headers['user-agent'] ?? null,
    browser: null,
    os: null,
    deviceType: null,
    country: null,
    region: null,
    city: null,
  }));
}

/** Browser, operating system and device class, parsed once per request. */
export function addDevice(state: IngestState): void {
  const userAgent = state.input.headers['user-agent'];
  if (!userAgent || state.records.length === 0) return;
  const device = parseUserAgent(userAgent);
  for (const record of state.records) Object.assign(record, device);
}

/** Country (and region/city with a city database); a trusted CDN's header wins. */
export function addGeo(state: IngestState, deps: IngestDeps): void {
  if (state.records.length === 0) return;
  const { headers, viaTrustedProxy, clientIp } = state.input;
  const cdnCountry = viaTrustedProxy
    ? countryFromHeader(headers['cf-ipcountry'] ?? headers['x-vercel-ip-country'])
    : null;
  const location = cdnCountry
    ? { country: cdnCountry, region: null, city: null }
    : deps.geo(unmapIpv4(clientIp));
  for (const record of state.records) Object.assign(record, location);
}

/** The address as `IP_STORAGE` says to keep it: whole, anonymised, or not at all. */
function storedIp(ip: string | null, mode: IngestDeps['ipStorage']): string | null {
  switch (mode) {
    case 'full':
      return ip;
    case 'anonymised':
      return ip === null ? null : anonymise(ip);
    case 'none':
      return null;
    default: {
      const unhandled: never = mode;
      throw new Error(`unknown IP_STORAGE ${String(unhandled)}`);
    }
  }
}

/**
 * Runs last, after every step that needs the full address. Every event of a request carries
 * the same address, so it is transformed once.
 */
export function anonymiseIp(state: IngestState, deps: IngestDeps): void {
  const first = state.records[0];
  if (!first) return;
  const ip = storedIp(first.ip, deps.ipStorage);
  for (const record of state.records) record.ip = ip;
}

/** The ingestion pipeline, in order. Each step may refuse the request with an IngestRejection. */
export const INGEST_STEPS: readonly IngestStep[] = [
  resolveKey,
  limitRate,
  validate,
  dropBots,
  buildRecords,
  addDevice,
  addGeo,
  anonymiseIp,
];

/** A request before the first step. */
export function newIngestState(input: IngestInput): IngestState {
  return { input, key: undefined, events: [], bots: 0, metadataJson: [], records: [] };
}

export async function runPipeline(input: IngestInput, deps: IngestDeps): Promise<IngestState> {
  const state = newIngestState(input);
  for (const step of INGEST_STEPS) await step(state, deps);
  return state;
}
