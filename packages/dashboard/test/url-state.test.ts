import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  effectiveGranularity,
  naturalGranularity,
  resolveRange,
  todayIn,
} from '../src/state/date-range.ts';
import {
  DEFAULT_VIEW,
  parseViewState,
  removeFilter,
  serializeViewState,
  setFilter,
  type ViewState,
} from '../src/state/url-state.ts';

describe('view state in the URL', () => {
  it('reads an empty query as the default view', () => {
    expect(parseViewState('')).toEqual(DEFAULT_VIEW);
  });

  it('writes the default view as an empty query', () => {
    expect(serializeViewState(DEFAULT_VIEW)).toBe('');
  });

  it('round-trips every field through the query string', () => {
    const view: ViewState = {
      range: 'custom',
      from: '2026-11-01',
      to: '2026-11-30',
      tz: 'Europe/Berlin',
      granularity: 'week',
      metric: 'pageviews',
      compare: true,
      filters: [
        { dimension: 'path', value: '/pricing?plan=pro&x=1' },
        { dimension: 'country', value: 'DE' },
        { dimension: 'meta.plan', value: 'pro' },
      ],
    };

    const query = serializeViewState(view);

    expect(parseViewState(query)).toEqual(view);
  });

  it('reads filter names written in camelCase before the stats API shared its vocabulary', () => {
    const view = parseViewState('?f.utmSource=newsletter&f.entryPath=%2F&f.meta.planName=pro');

    expect(view.filters).toEqual([
      { dimension: 'utm_source', value: 'newsletter' },
      { dimension: 'entry_path', value: '/' },
      { dimension: 'meta.planName', value: 'pro' },
    ]);
  });

  it('ignores unknown values instead of failing', () => {
    const view = parseViewState(
      '?range=forever&tz=Mars/Olympus&granularity=minute&metric=money&f.password=x&f.meta.=y',
    );

    expect(view).toEqual(DEFAULT_VIEW);
  });

  it('falls back to the default range when a custom range lacks dates', () => {
    expect(parseViewState('?range=custom&from=2026-01-01').range).toBe('7d');
    expect(parseViewState('?range=custom&from=2026-01-01&to=nope').range).toBe('7d');
  });

  it('swaps a custom range given backwards', () => {
    const view = parseViewState('?range=custom&from=2026-02-10&to=2026-02-01');

    expect([view.from, view.to]).toEqual(['2026-02-01', '2026-02-10']);
  });

  it('keeps one filter per dimension, the last one set', () => {
    const filters = setFilter([{ dimension: 'path', value: '/a' }], {
      dimension: 'path',
      value: '/b',
    });

    expect(filters).toEqual([{ dimension: 'path', value: '/b' }]);
    expect(removeFilter(filters, 'path')).toEqual([]);
  });

  it('drops custom dates from the query when the range is a preset', () => {
    const query = serializeViewState({
      ...DEFAULT_VIEW,
      range: '30d',
      from: '2026-01-01',
      to: '2026-01-02',
    });

    expect(query).toBe('?range=30d');
  });
});

describe('date ranges', () => {
  const now = new Date('2026-03-29T23:30:00Z');

  it('takes "today" in the chosen zone, not in UTC', () => {
    expect(todayIn('UTC', now)).toBe('2026-03-29');
    expect(todayIn('Europe/Berlin', now)).toBe('2026-03-30');
    expect(todayIn('America/Los_Angeles', now)).toBe('2026-03-29');
  });

  it.each([
    ['today', '2026-03-29', '2026-03-29'],
    ['yesterday', '2026-03-28', '2026-03-28'],
    ['7d', '2026-03-23', '2026-03-29'],
    ['30d', '2026-02-28', '2026-03-29'],
    ['90d', '2025-12-30', '2026-03-29'],
    ['12m', '2025-03-30', '2026-03-29'],
  ] as const)('resolves %s to %s … %s', (range, from, to) => {
    expect(resolveRange({ ...DEFAULT_VIEW, range }, 'UTC', now)).toEqual({ from, to, tz: 'UTC' });
  });

  it('prefers the view zone over the default one', () => {
    const range = resolveRange({ ...DEFAULT_VIEW, range: 'today', tz: 'Asia/Tokyo' }, 'UTC', now);

    expect(range).toEqual({ from: '2026-03-30', to: '2026-03-30', tz: 'Asia/Tokyo' });
  });

  it('counts days across a daylight-saving change without losing one', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(daysBetween('2026-03-01', '2026-03-31')).toBe(31);
  });

  it('picks hours for a day or two, days for months and weeks for a year', () => {
    expect(naturalGranularity({ from: '2026-03-29', to: '2026-03-29', tz: 'UTC' })).toBe('hour');
    expect(naturalGranularity({ from: '2026-03-01', to: '2026-03-29', tz: 'UTC' })).toBe('day');
    expect(naturalGranularity({ from: '2025-03-30', to: '2026-03-29', tz: 'UTC' })).toBe('week');
  });

  it('falls back from hours when the range has too many for one timeline', () => {
    const view: ViewState = { ...DEFAULT_VIEW, granularity: 'hour' };

    expect(effectiveGranularity(view, { from: '2026-03-01', to: '2026-04-10', tz: 'UTC' })).toBe(
      'hour',
    );
    expect(effectiveGranularity(view, { from: '2026-03-01', to: '2026-04-11', tz: 'UTC' })).toBe(
      'day',
    );
  });
});
