import { describe, expect, it } from 'vitest';
import { bucketLabels } from '../../src/reports/time-range.ts';
import { isTimeZone, offsetSegments, startOfDay } from '../../src/reports/time-zone.ts';

describe('time zones', () => {
  it.each([
    ['America/New_York', { year: 2026, month: 11, day: 1 }, '2026-11-01T04:00:00.000Z'],
    ['America/New_York', { year: 2026, month: 11, day: 2 }, '2026-11-02T05:00:00.000Z'],
    ['Europe/Berlin', { year: 2026, month: 3, day: 29 }, '2026-03-28T23:00:00.000Z'],
    ['Asia/Kolkata', { year: 2026, month: 1, day: 1 }, '2025-12-31T18:30:00.000Z'],
    // Santiago skips midnight when summer time starts: the day begins at 01:00.
    ['America/Santiago', { year: 2026, month: 9, day: 6 }, '2026-09-06T04:00:00.000Z'],
  ])('starts a day of %s at local midnight or the first instant after it', (tz, date, expected) => {
    expect(startOfDay(date, tz).toISOString()).toBe(expected);
  });

  it('finds the minute a zone changes its offset', () => {
    const segments = offsetSegments(
      new Date('2026-10-20T00:00:00Z'),
      new Date('2026-11-10T00:00:00Z'),
      'America/New_York',
    );

    expect(segments).toEqual([
      { until: new Date('2026-11-01T06:00:00Z'), offsetMs: -4 * 3_600_000 },
      { until: undefined, offsetMs: -5 * 3_600_000 },
    ]);
  });

  it('gives the night clocks go back one hour bucket for its repeated hour', () => {
    const labels = bucketLabels({
      from: new Date('2026-11-01T04:00:00Z'),
      to: new Date('2026-11-02T05:00:00Z'),
      tz: 'America/New_York',
      granularity: 'hour',
    });

    expect(labels).toHaveLength(24);
    expect(labels.filter((label) => label === '2026-11-01T01:00')).toHaveLength(1);
  });

  it.each([
    ['Europe/Berlin', true],
    ['Asia/Kolkata', true],
    ['UTC', true],
    ['Mars/Olympus_Mons', false],
    ["Europe/Berlin'; --", false],
  ])('knows whether %s is a time zone', (name, known) => {
    expect(isTimeZone(name)).toBe(known);
  });
});
