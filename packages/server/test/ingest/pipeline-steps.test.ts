import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppNotifications } from '../../src/app-notifications.ts';
import { anonymiseIp, trustedHop } from '../../src/ingest/client-ip.ts';
import { countryFromHeader } from '../../src/ingest/geo.ts';
import { KEY_CACHE_TTL_MS, KeyCache } from '../../src/ingest/key-cache.ts';
import { INGEST_STEPS } from '../../src/ingest/pipeline.ts';
import { botDetector, parseUserAgent } from '../../src/ingest/user-agent.ts';
import {
  createUserAndProject,
  startTestApp,
  TEST_PEPPER,
  type TestApp,
} from '../helpers/test-app.ts';

describe('the ingestion pipeline', () => {
  it('runs its named steps in order, anonymising the IP last', () => {
    expect(INGEST_STEPS.map((step) => step.name)).toEqual([
      'resolveKey',
      'limitRate',
      'validate',
      'dropBots',
      'buildRecords',
      'addDevice',
      'addGeo',
      'anonymiseIp',
    ]);
  });
});

describe('anonymiseIp', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0'],
    ['::ffff:203.0.113.77', '203.0.113.0'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::'],
    ['2001:db8::1', '2001:db8:0::'],
    ['::1', '0:0:0::'],
    ['fe80::1%eth0', 'fe80:0:0::'],
    ['not an ip', null],
  ])('keeps the network part of %s: %s', (ip, expected) => {
    expect(anonymiseIp(ip)).toBe(expected);
  });
});

describe('trustedHop', () => {
  it.each([
    [false, '10.0.0.1', false],
    [true, '10.0.0.1', true],
    [1, '10.0.0.1', true],
    [['10.0.0.0/8'], '10.1.2.3', true],
    [['10.0.0.0/8'], '::ffff:10.1.2.3', true],
    [['10.0.0.0/8'], '192.0.2.1', false],
    [['192.0.2.5', '2001:db8::/32'], '2001:db8::9', true],
  ] as const)('TRUST_PROXY=%j trusts %s: %s', (setting, peer, expected) => {
    const trusted = trustedHop(setting as boolean | number | string[]);

    expect(trusted(peer)).toBe(expected);
  });
});

describe('countryFromHeader', () => {
  it.each([
    ['de', 'DE'],
    ['XX', null],
    ['T1', null],
    ['Germany', null],
    [undefined, null],
  ])('reads %j as %j', (header, expected) => {
    expect(countryFromHeader(header)).toBe(expected);
  });
});

describe('user agents', () => {
  it.each([
    ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', true, true],
    ['Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', true, true],
    ['node', false, true],
    ['curl/8.5.0', false, true],
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
      false,
      true,
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
      false,
      false,
    ],
  ])('%s is a bot under crawlers: %s, strict: %s', (userAgent, crawlers, strict) => {
    expect(botDetector('crawlers')(userAgent)).toBe(crawlers);
    expect(botDetector('strict')(userAgent)).toBe(strict);
    expect(botDetector('off')(userAgent)).toBe(false);
  });

  it.each([
    [
      'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      { browser: 'Mobile Safari', os: 'iOS', deviceType: 'tablet' },
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
      { browser: 'Chrome', os: 'Android', deviceType: 'mobile' },
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
      { browser: 'Safari', os: 'Mac OS', deviceType: 'desktop' },
    ],
  ])('parses %s', (userAgent, expected) => {
    expect(parseUserAgent(userAgent)).toEqual(expected);
  });
});

describe('KeyCache over the real metadata store', () => {
  let test: TestApp;
  let apiKey: string;
  let projectId: string;
  let keyId: string;

  beforeAll(async () => {
    test = await startTestApp();
    const created = await createUserAndProject(test.ctx);
    ({ apiKey } = created);
    projectId = created.project.id;
    keyId = created.key.id;
  });

  afterAll(() => test.close());

  /** The real store, with its key lookups counted. */
  function countedStore() {
    const calls = { count: 0 };
    const meta = {
      findApiKeyByHash(hash: string) {
        calls.count += 1;
        return test.ctx.stores.meta.findApiKeyByHash(hash);
      },
    };
    return { meta, calls };
  }

  it('asks the store once per time-to-live and again after it', async () => {
    let now = 0;
    const { meta, calls } = countedStore();
    const cache = new KeyCache(meta, TEST_PEPPER, new AppNotifications(), () => now);

    await cache.resolve(apiKey);
    await cache.resolve(apiKey);
    now += KEY_CACHE_TTL_MS;
    const resolved = await cache.resolve(apiKey);

    expect(resolved).toEqual({ keyId, projectId });
    expect(calls.count).toBe(2);
  });

  it('caches an unknown key too, with one lookup for concurrent requests', async () => {
    const { meta, calls } = countedStore();
    const cache = new KeyCache(meta, TEST_PEPPER, new AppNotifications(), () => 0);
    const unknown = `mtr_${'0'.repeat(48)}`;

    const answers = await Promise.all([1, 2, 3].map(() => cache.resolve(unknown)));

    expect(answers).toEqual([null, null, null]);
    expect(calls.count).toBe(1);
  });

  it('forgets a key at once when it is revoked', async () => {
    const { meta } = countedStore();
    const notifications = new AppNotifications();
    const cache = new KeyCache(meta, TEST_PEPPER, notifications, () => 0);
    await cache.resolve(apiKey);

    await test.ctx.stores.meta.revokeApiKey(projectId, keyId);
    notifications.emit('keyRevoked', { projectId, keyId });

    expect(await cache.resolve(apiKey)).toBeNull();
  });
});
