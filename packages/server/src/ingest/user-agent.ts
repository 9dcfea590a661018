import { createIsbotFromList, list as crawlerPatterns } from 'isbot';
import { UAParser } from 'ua-parser-js';
import type { IngestConfig } from '../config.ts';
import type { DeviceType } from '../storage/events/event-record.ts';

export interface ParsedUserAgent {
  browser: string | null;
  os: string | null;
  deviceType: DeviceType;
}

/**
 * User agents of HTTP libraries and headless browsers. isbot counts them as bots, but the SDK
 * also runs in server apps and in end-to-end tests, whose events are wanted; `BOT_FILTER=strict`
 * drops them too.
 */
const PROGRAMMATIC_CLIENTS = [
  'node',
  'undici',
  'node-fetch/1.0',
  'axios/1.7.2',
  'curl/8.5.0',
  'Wget/1.21',
  'python-requests/2.31.0',
  'Go-http-client/1.1',
  'okhttp/4.12.0',
  'Java/17.0.2',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36',
];

function crawlersOnly(): (userAgent: string) => boolean {
  const patterns = crawlerPatterns.filter((pattern) => {
    const regex = new RegExp(pattern, 'i');
    return !PROGRAMMATIC_CLIENTS.some((client) => regex.test(client));
  });
  return createIsbotFromList(patterns);
}

/** Distinct user agents seen on a site are few; checking or parsing each once saves most work. */
const CACHE_SIZE = 2_000;

function remembered<T>(compute: (userAgent: string) => T): (userAgent: string) => T {
  const cache = new Map<string, T>();
  return (userAgent) => {
    const cached = cache.get(userAgent);
    if (cached !== undefined) return cached;
    const value = compute(userAgent);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(userAgent, value);
    return value;
  };
}

export function botDetector(filter: IngestConfig['botFilter']): (userAgent: string) => boolean {
  switch (filter) {
    case 'off':
      return () => false;
    case 'strict':
      return remembered(createIsbotFromList(crawlerPatterns));
    case 'crawlers':
      return remembered(crawlersOnly());
    default: {
      const unhandled: never = filter;
      throw new Error(`unknown BOT_FILTER ${String(unhandled)}`);
    }
  }
}

function deviceTypeOf(type: string | undefined): DeviceType {
  if (type === 'mobile' || type === 'wearable') return 'mobile';
  if (type === 'tablet') return 'tablet';
  return 'desktop';
}

/** Browser, operating system and device class of a user agent. */
export const parseUserAgent = remembered((userAgent): ParsedUserAgent => {
  const result = new UAParser(userAgent).getResult();
  return {
    browser: result.browser.name ?? null,
    os: result.os.name ?? null,
    deviceType: deviceTypeOf(result.device.type),
  };
});
