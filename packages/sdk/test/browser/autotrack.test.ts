import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, npmPage, type StoredEvent, startHarness, waitForStored } from './harness.ts';

describe('autotracking in Chromium, stored by the real server', () => {
  let harness: Harness;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    harness = await startHarness();
    harness.page('/blank', '<!doctype html><title>Elsewhere</title>');
  });
  afterAll(async () => {
    await harness?.close();
  });
  beforeEach(async () => {
    context = await harness.newContext();
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
  });

  const onPath = (path: string, name?: string) => (event: StoredEvent) =>
    event.path === path && (name === undefined || event.name === name);

  it('sends a pageview on load and one with navigationType "spa" on history navigation', async () => {
    await page.goto(harness.page('/spa', npmPage(harness, { flushIntervalMs: 200 })));
    await page.waitForFunction(() => 'metrics' in window);

    await page.evaluate(() => history.pushState({}, '', '/spa/next'));

    const [load] = await waitForStored(harness, onPath('/spa', 'pageview'));
    const [spa] = await waitForStored(harness, onPath('/spa/next', 'pageview'));
    expect(load!.metadata).toMatchObject({ title: 'Test page', viewportWidth: 1280 });
    expect(load!.metadata).not.toHaveProperty('navigationType');
    expect(spa!.metadata).toMatchObject({ navigationType: 'spa' });
    expect(spa!.sessionId).toBe(load!.sessionId);
    expect(spa!.visitorId).toMatch(/^v_[a-z0-9]{10}$/);
  });

  it('sends each scroll threshold once, however often the page is scrolled', async () => {
    const options = { autoTrackScrollDepth: true, flushIntervalMs: 200 };
    const html = npmPage(harness, options, '<div style="height:5000px"></div>');
    await page.goto(harness.page('/scroll', html));
    await page.waitForFunction(() => 'metrics' in window);

    for (const fraction of [0.3, 0.6, 1, 0, 1, 0.5]) {
      await page.evaluate(async (share) => {
        scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * share);
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      }, fraction);
    }
    await page.evaluate(() =>
      (window as never as { metrics: { flush(): Promise<unknown> } }).metrics.flush(),
    );

    const depths = await waitForStored(harness, onPath('/scroll', 'scroll_depth'), 4);
    expect(depths.map((event) => event.metadata.threshold)).toEqual([25, 50, 75, 100]);
    expect(depths[3]!.metadata.percent).toBe(100);
  });

  it('sends error and unhandled_rejection with their fields', async () => {
    harness.page(
      '/crash.js',
      'window.crash = function crash() {\n  throw new Error("boom");\n};\n',
    );
    const body = `<script src="/crash.js"></script>
      <button id="throw" onclick="setTimeout(crash)">throw</button>
      <button id="reject" onclick="Promise.reject(new Error('nope'))">reject</button>`;
    const html = npmPage(harness, { autoTrackErrors: true, flushIntervalMs: 200 }, body);
    await page.goto(harness.page('/errors', html));
    await page.waitForFunction(() => 'metrics' in window);

    await page.click('#throw');
    await page.click('#reject');

    const [error] = await waitForStored(harness, onPath('/errors', 'error'));
    const [rejection] = await waitForStored(harness, onPath('/errors', 'unhandled_rejection'));
    expect(error!.metadata).toMatchObject({
      message: expect.stringContaining('boom'),
      filename: `${harness.pageOrigin}/crash.js`,
      lineno: 2,
      colno: expect.any(Number),
      stack: expect.stringContaining('crash'),
    });
    expect(rejection!.metadata).toMatchObject({
      message: 'nope',
      stack: expect.stringContaining('Error: nope'),
    });
    expect(String(rejection!.metadata.stack).length).toBeLessThanOrEqual(500);
  });

  it('sends the web vitals headless Chromium measures when the page is left', async () => {
    const body = '<h1 style="font-size:64px">Largest paint</h1><p>text</p>';
    const html = npmPage(harness, { autoTrackWebVitals: true, flushIntervalMs: 60_000 }, body);
    await page.goto(harness.page('/vitals', html));
    await page.waitForFunction(() => 'metrics' in window);
    await page.click('h1');

    await page.goto(`${harness.pageOrigin}/blank`);

    const vitals = await waitForStored(harness, onPath('/vitals', 'web_vital'), 4);
    const metrics = Object.fromEntries(vitals.map((event) => [event.metadata.metric, event]));
    expect(Object.keys(metrics)).toEqual(expect.arrayContaining(['TTFB', 'FCP', 'LCP', 'CLS']));
    for (const event of vitals) expect(event.metadata.value).toBeGreaterThanOrEqual(0);
  });

  it('sends outbound_click with the href and text of a link to another origin', async () => {
    const body = `<a id="out" href="${harness.serverOrigin}/healthz">Status page</a>`;
    const html = npmPage(harness, { autoTrackOutbound: true, flushIntervalMs: 60_000 }, body);
    await page.goto(harness.page('/outbound', html));
    await page.waitForFunction(() => 'metrics' in window);

    await page.click('#out');

    const [click] = await waitForStored(harness, onPath('/outbound', 'outbound_click'));
    expect(click!.metadata).toMatchObject({
      href: `${harness.serverOrigin}/healthz`,
      text: 'Status page',
    });
  });

  it('sends form_submit without any field value', async () => {
    harness.page('/thanks', '<!doctype html><title>Thanks</title>');
    const body = `<form id="signup" name="newsletter" action="/thanks" method="post">
      <input name="email" value="secret@example.com"><button id="send">Send</button></form>`;
    const html = npmPage(harness, { autoTrackForms: true, flushIntervalMs: 60_000 }, body);
    await page.goto(harness.page('/form', html));
    await page.waitForFunction(() => 'metrics' in window);

    await page.click('#send');

    const [submit] = await waitForStored(harness, onPath('/form', 'form_submit'));
    expect(submit!.metadata).toMatchObject({
      formId: 'signup',
      formName: 'newsletter',
      formAction: `${harness.pageOrigin}/thanks`,
      formMethod: 'post',
    });
    const everything = JSON.stringify(await harness.stored());
    expect(everything).not.toContain('secret@example.com');
  });

  it('sends the data-track-click value as the event name with tagName, text and id', async () => {
    const body = '<button id="buy" data-track-click="cta_clicked"><span>Buy now</span></button>';
    const html = npmPage(harness, { autoTrackClicks: true, flushIntervalMs: 200 }, body);
    await page.goto(harness.page('/cta', html));
    await page.waitForFunction(() => 'metrics' in window);

    await page.click('#buy span');

    const [click] = await waitForStored(harness, onPath('/cta', 'cta_clicked'));
    expect(click!.metadata).toMatchObject({ tagName: 'BUTTON', text: 'Buy now', id: 'buy' });
  });

  it('trackEngagement sends visibleMs when the element leaves the viewport', async () => {
    const body =
      '<section id="hero" style="height:300px">Hero</section><div style="height:4000px"></div>';
    await page.goto(harness.page('/engagement', npmPage(harness, { flushIntervalMs: 200 }, body)));
    await page.waitForFunction(() => 'metrics' in window);
    await page.evaluate(() => {
      (
        window as never as { metrics: { trackEngagement(s: string): void } }
      ).metrics.trackEngagement('#hero');
    });

    // The visible time is what is measured, so here a wait is the behaviour under test.
    await page.waitForTimeout(400);
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));

    const [visible] = await waitForStored(harness, onPath('/engagement', 'element_visible'));
    expect(visible!.metadata.visibleMs).toBeGreaterThanOrEqual(350);
    expect(visible!.metadata).toMatchObject({ selector: '#hero', id: 'hero' });
  });

  it('the script-tag build from /sdk.js reads its data- attributes and posts to its own origin', async () => {
    const html = `<!doctype html><title>Script tag</title>
      <button id="hello" data-track-click="script_tag_click">Hello</button>
      <script src="${harness.serverOrigin}/sdk.js" data-api-key="${harness.apiKey}"
        data-auto-track-clicks data-flush-interval-ms="200"></script>`;
    await page.goto(harness.page('/script-tag', html));
    await page.waitForFunction(() => 'harshitMetrics' in window);

    await page.click('#hello');

    const [pageview] = await waitForStored(harness, onPath('/script-tag', 'pageview'));
    const [click] = await waitForStored(harness, onPath('/script-tag', 'script_tag_click'));
    expect(pageview!.metadata).toMatchObject({ title: 'Script tag' });
    expect(click!.metadata).toMatchObject({ tagName: 'BUTTON', text: 'Hello' });
    expect(click!.clientId).toMatch(/^e_[a-z0-9]{20}$/);
  });
});
