import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRetention } from '../../src/api/retention.ts';
import { saveProjectSettings } from '../../src/storage/meta/project-settings.ts';
import { createUserAndProject, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { event, sessionCookie } from './dashboard-fixtures.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** What a browser on our own pages sends with a change (the same-origin check wants it). */
const ORIGIN = 'http://localhost';
const today = new Date().toISOString().slice(0, 10);
const weekAgo = new Date(Date.now() - 6 * DAY_MS).toISOString().slice(0, 10);
const range = `from=${weekAgo}&to=${today}&tz=UTC&granularity=day`;

let test: TestApp;
let owner: Awaited<ReturnType<typeof createUserAndProject>>;
let cookie: string;
let strangerCookie: string;

beforeAll(async () => {
  test = await startTestApp();
  owner = await createUserAndProject(test.ctx, { projectName: 'Acme site' });
  const stranger = await createUserAndProject(test.ctx);
  cookie = await sessionCookie(test.ctx, owner.user.email, owner.user.password);
  strangerCookie = await sessionCookie(test.ctx, stranger.user.email, stranger.user.password);
  const id = owner.project.id;
  await test.ctx.stores.events.insertBatch([
    event(id, { path: '/', sessionId: 's_a', visitorId: 'v_a' }),
    event(id, {
      path: '/pricing',
      sessionId: 's_a',
      visitorId: 'v_a',
      referrer: 'https://www.google.com/q',
    }),
    event(id, { path: '/pricing', sessionId: 's_b', visitorId: 'v_b', country: 'FR' }),
    event(id, {
      name: 'signup',
      path: '/pricing',
      sessionId: 's_b',
      visitorId: 'v_b',
      metadata: { plan: 'pro' },
    }),
    event(id, {
      name: 'session_end',
      sessionId: 's_a',
      visitorId: 'v_a',
      metadata: { durationMs: 30_000 },
    }),
    event(id, { path: '/old', occurredAt: new Date(Date.now() - 40 * DAY_MS) }),
  ]);
});

afterAll(async () => {
  await test.close();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  test.app.inject({ method: 'GET', url, headers });

describe('overview API', () => {
  it('answers every report of the range for the project owner', async () => {
    const response = await get(`/api/overview?projectId=${owner.project.id}&${range}`, { cookie });

    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report.summary).toMatchObject({
      visitors: 2,
      sessions: 2,
      pageviews: 3,
      events: 5,
      bounceRate: 50,
    });
    expect(report.summary.avgDurationMs).toBe(30_000);
    expect(report.breakdowns.pages[0]).toEqual({ value: '/pricing', count: 2, visitors: 2 });
    expect(report.breakdowns.referrers).toContainEqual({ value: 'google.com', count: 1 });
    expect(report.breakdowns.events).toEqual([{ value: 'signup', count: 1, visitors: 1 }]);
    expect(report.timeline).toHaveLength(7);
    expect(report.timeline.at(-1).pageviews).toBe(3);
  });

  it('narrows every report to a clicked filter', async () => {
    const response = await get(
      `/api/overview?projectId=${owner.project.id}&${range}&f.country=FR`,
      { cookie },
    );

    expect(response.json().summary).toMatchObject({ visitors: 1, pageviews: 1 });
  });

  it('breaks a filtered custom event down by its metadata', async () => {
    const response = await get(
      `/api/overview?projectId=${owner.project.id}&${range}&f.event=signup`,
      {
        cookie,
      },
    );

    expect(response.json().eventProperties).toEqual([
      { key: 'plan', rows: [{ value: 'pro', count: 1 }] },
    ]);
  });

  it('refuses a caller without a session', async () => {
    const response = await get(`/api/overview?projectId=${owner.project.id}&${range}`);

    expect(response.statusCode).toBe(401);
  });

  it('answers 404 for a project of someone else', async () => {
    const response = await get(`/api/overview?projectId=${owner.project.id}&${range}`, {
      cookie: strangerCookie,
    });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'Not found' });
  });

  it.each([
    ['from after to', `from=${today}&to=${weekAgo}`],
    ['an unknown zone', `from=${weekAgo}&to=${today}&tz=Mars/Base`],
    ['an unknown filter', `${range}&f.password=x`],
    ['a malformed date', 'from=yesterday&to=today'],
  ])('rejects %s with 400 and details', async (_case, query) => {
    const response = await get(`/api/overview?projectId=${owner.project.id}&${query}`, { cookie });

    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe('Invalid query');
  });

  it('exports the current report as CSV', async () => {
    const response = await get(`/api/export.csv?projectId=${owner.project.id}&${range}`, {
      cookie,
    });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['content-disposition']).toContain('acme-site-');
    expect(response.body).toContain('summary,,pageviews,3');
    expect(response.body).toContain('pages,/pricing,count,2');
  });

  it('streams the newest events after a cursor', async () => {
    const first = (await get(`/api/live?projectId=${owner.project.id}`, { cookie })).json();
    expect(first.events.length).toBeGreaterThan(0);
    expect(first.liveVisitors).toBe(2);

    await test.ctx.stores.events.insertBatch([event(owner.project.id, { path: '/new' })]);
    const next = (
      await get(`/api/live?projectId=${owner.project.id}&since=${first.cursor}`, { cookie })
    ).json();

    expect(next.events.map((item: { path: string }) => item.path)).toEqual(['/new']);
  });

  it('draws a sparkline for each of the caller’s projects', async () => {
    const response = await get('/api/sparklines?days=7', { cookie });

    const series = response.json().projects[owner.project.id];
    expect(series).toHaveLength(7);
    expect(series.at(-1)).toBeGreaterThanOrEqual(3);
  });
});

describe('share links', () => {
  it('opens a read-only report without a session, until revoked', async () => {
    const created = await test.app.inject({
      method: 'POST',
      url: '/api/share-links',
      headers: { cookie, origin: ORIGIN },
      payload: { projectId: owner.project.id },
    });
    expect(created.statusCode).toBe(201);
    const { id, url } = created.json().shareLink;
    const token = new URL(url).pathname.split('/').at(-1);

    const shared = await get(`/api/share/${token}/overview?${range}`);
    expect(shared.statusCode).toBe(200);
    expect(shared.json().summary.pageviews).toBeGreaterThanOrEqual(3);
    expect((await get(`/share/${token}`)).statusCode).toBe(200);

    await test.app.inject({
      method: 'DELETE',
      url: `/api/share-links/${id}?projectId=${owner.project.id}`,
      headers: { cookie, origin: ORIGIN },
    });
    expect((await get(`/api/share/${token}/overview?${range}`)).statusCode).toBe(404);
    expect((await get(`/share/${token}`)).statusCode).toBe(404);
  });

  it('refuses a share link created from another site', async () => {
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/share-links',
      headers: { cookie, origin: 'https://evil.example' },
      payload: { projectId: owner.project.id },
    });

    expect(response.statusCode).toBe(403);
  });
});

describe('retention', () => {
  it('saves a retention period and deletes only the events older than it', async () => {
    const saved = await test.app.inject({
      method: 'PUT',
      url: `/api/project-settings?projectId=${owner.project.id}`,
      headers: { cookie, origin: ORIGIN },
      payload: { retentionDays: 30 },
    });
    expect(saved.statusCode).toBe(200);
    const before = await test.ctx.stores.events.countEvents(owner.project.id);

    const deleted = await applyRetention(test.ctx);

    expect(deleted).toBe(1);
    expect(await test.ctx.stores.events.countEvents(owner.project.id)).toBe(before - 1);
    await saveProjectSettings(test.ctx.stores.meta, owner.project.id, { retentionDays: null });
  });

  it('rejects a retention period that is not a whole number of days', async () => {
    const response = await test.app.inject({
      method: 'PUT',
      url: `/api/project-settings?projectId=${owner.project.id}`,
      headers: { cookie, origin: ORIGIN },
      payload: { retentionDays: 0.5 },
    });

    expect(response.statusCode).toBe(400);
  });
});

describe('dashboard pages', () => {
  it('redirects to sign-in without a session', async () => {
    const response = await get('/dashboard/anything');

    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/sign-in?next=%2Fdashboard%2Fanything');
  });

  it('inlines the first report into the page, escaped', async () => {
    const response = await get(`/dashboard/${owner.project.id}`, {
      cookie: `${cookie}; hm_tz=UTC`,
    });

    expect(response.statusCode).toBe(200);
    const boot = response.body.match(
      /<script id="hm-boot" type="application\/json">(.*?)<\/script>/s,
    )?.[1];
    const data = JSON.parse(boot ?? '{}');
    expect(data.user.email).toBe(owner.user.email);
    expect(data.overview.source).toBe(owner.project.id);
    expect(data.overview.report.summary.pageviews).toBeGreaterThan(0);
  });
});
