import { describe, expect, it } from 'vitest';
import {
  changeBetween,
  countryFlag,
  countryName,
  formatCount,
  formatDuration,
  formatMoney,
  formatPercent,
  formatRatio,
  formatRelative,
  formatVital,
  rateVital,
} from '../src/format.ts';

describe('formatCount', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1234, '1,234'],
    [9999, '9,999'],
    [12_345, '12.3K'],
    [2_500_000, '2.5M'],
    [Number.NaN, '–'],
  ])('writes %s as %s', (value, expected) => {
    expect(formatCount(value)).toBe(expected);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [-5, '0s'],
    [45_000, '45s'],
    [60_000, '1m'],
    [200_000, '3m 20s'],
    [3_600_000, '1h'],
    [3_900_000, '1h 5m'],
  ])('writes %s ms as %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('changeBetween', () => {
  it('reports a rise as a signed percentage going up', () => {
    expect(changeBetween(120, 100)).toEqual({ percent: 20, direction: 'up', label: '+20%' });
  });

  it('reports a fall with a minus sign going down', () => {
    expect(changeBetween(75, 100)).toEqual({ percent: -25, direction: 'down', label: '−25%' });
  });

  it('calls growth from zero "new" rather than an infinite percentage', () => {
    expect(changeBetween(5, 0)).toEqual({ percent: undefined, direction: 'up', label: 'new' });
  });

  it('shows nothing when there is no previous period', () => {
    expect(changeBetween(5, undefined).label).toBe('');
  });

  it('treats zero against zero as flat', () => {
    expect(changeBetween(0, 0).direction).toBe('flat');
  });
});

describe('small formatters', () => {
  it('rounds percentages and trims ratios', () => {
    expect(formatPercent(42.6)).toBe('43%');
    expect(formatRatio(2.5)).toBe('2.5');
    expect(formatRatio(3)).toBe('3');
    expect(formatRatio(2.345)).toBe('2.35');
  });

  it('formats money in its currency and survives unknown codes', () => {
    expect(formatMoney(12.5, 'USD')).toBe('$12.50');
    expect(formatMoney(12.5, 'XX1')).toBe('12.50 XX1');
  });

  it('turns a country code into a flag and a name', () => {
    expect(countryFlag('de')).toBe('🇩🇪');
    expect(countryFlag('')).toBe('');
    expect(countryFlag('D3')).toBe('');
    expect(countryName('DE')).toBe('Germany');
    expect(countryName('Unknown')).toBe('Unknown');
  });

  it('describes times relative to now', () => {
    const now = Date.parse('2026-12-03T12:00:00Z');
    expect(formatRelative(null, now)).toBe('Never');
    expect(formatRelative('2026-12-03T11:59:55Z', now)).toBe('just now');
    expect(formatRelative('2026-12-03T11:57:00Z', now)).toBe('3m ago');
    expect(formatRelative('2026-12-03T09:00:00Z', now)).toBe('3h ago');
    expect(formatRelative('2026-12-01T12:00:00Z', now)).toBe('2d ago');
  });
});

describe('web vitals', () => {
  it.each([
    ['LCP', 2500, 'good'],
    ['LCP', 2501, 'needs-improvement'],
    ['LCP', 4001, 'poor'],
    ['CLS', 0.05, 'good'],
    ['CLS', 0.3, 'poor'],
    ['INP', 350, 'needs-improvement'],
  ])('rates %s at %s as %s', (metric, value, rating) => {
    expect(rateVital(metric, value)).toBe(rating);
  });

  it('leaves unknown metrics unrated', () => {
    expect(rateVital('XYZ', 1)).toBeUndefined();
  });

  it('writes timings in ms or seconds and CLS as a plain number', () => {
    expect(formatVital('LCP', 850)).toBe('850ms');
    expect(formatVital('LCP', 2340)).toBe('2.34s');
    expect(formatVital('CLS', 0.12)).toBe('0.12');
  });
});
