/**
 * How numbers, durations, dates and changes read everywhere in the dashboard. Pure functions,
 * locale fixed to English so screenshots and tests are stable.
 */

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en');

/** 1234 → "1,234"; 12345 → "12.3K"; counts below ten thousand stay exact. */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return Math.abs(value) < 10_000 ? whole.format(Math.round(value)) : compact.format(value);
}

/** A percentage already in 0–100. */
export function formatPercent(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return `${Math.round(value)}%`;
}

/** 2.345 → "2.35": for ratios such as views per visit. */
export function formatRatio(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value.toFixed(2).replace(/\.?0+$/, '') || '0';
}

/** Milliseconds as the largest two units: "45s", "3m 20s", "1h 5m". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0s';
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return minutes > 0 ? `${hours}h ${minutes}m` : `${hours}h`;
  return seconds > 0 ? `${minutes}m ${seconds}s` : `${minutes}m`;
}

export interface Change {
  /** Signed percentage change, rounded; undefined when there is nothing to compare with. */
  percent: number | undefined;
  direction: 'up' | 'down' | 'flat';
  label: string;
}

/** Change of `current` against `previous`: "+12%", "−3%", "new" when the previous was zero. */
export function changeBetween(current: number, previous: number | undefined): Change {
  if (previous === undefined || !Number.isFinite(previous)) {
    return { percent: undefined, direction: 'flat', label: '' };
  }
  if (previous === 0) {
    return current === 0
      ? { percent: 0, direction: 'flat', label: '0%' }
      : { percent: undefined, direction: 'up', label: 'new' };
  }
  const percent = Math.round(((current - previous) / Math.abs(previous)) * 100);
  if (percent === 0) return { percent: 0, direction: 'flat', label: '0%' };
  const sign = percent > 0 ? '+' : '−';
  return {
    percent,
    direction: percent > 0 ? 'up' : 'down',
    label: `${sign}${formatCount(Math.abs(percent))}%`,
  };
}

/** Money with its currency code; unknown codes fall back to "12.50 XYZ". */
export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/** "3 minutes ago" style, for key last-use and the live stream. */
export function formatRelative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'Never';
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (!Number.isFinite(seconds)) return '–';
  if (seconds < 10) return 'just now';
  if (seconds < 60) return `${seconds}s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ago`;
  const days = Math.floor(hours / 24);
  return days < 30 ? `${days}d ago` : formatDate(iso);
}

/** "Dec 3, 2026" */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString('en', { month: 'short', day: 'numeric', year: 'numeric' });
}

/** A flag emoji from an ISO-3166 alpha-2 code ("DE" → 🇩🇪); empty for anything else. */
export function countryFlag(code: string | null | undefined): string {
  if (!code || !/^[A-Za-z]{2}$/.test(code)) return '';
  const base = 0x1f1e6 - 'A'.charCodeAt(0);
  const upper = code.toUpperCase();
  return String.fromCodePoint(base + upper.charCodeAt(0), base + upper.charCodeAt(1));
}

const regionNames = (() => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' });
  } catch {
    return undefined;
  }
})();

/** "DE" → "Germany"; unknown codes are shown as given. */
export function countryName(code: string): string {
  if (!/^[A-Za-z]{2}$/.test(code)) return code;
  try {
    return regionNames?.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** Web vital ratings by the thresholds web.dev publishes (good ≤ first, poor > second). */
export const VITAL_THRESHOLDS: Record<string, { good: number; poor: number; unit: 'ms' | '' }> = {
  LCP: { good: 2500, poor: 4000, unit: 'ms' },
  INP: { good: 200, poor: 500, unit: 'ms' },
  FID: { good: 100, poor: 300, unit: 'ms' },
  CLS: { good: 0.1, poor: 0.25, unit: '' },
  FCP: { good: 1800, poor: 3000, unit: 'ms' },
  TTFB: { good: 800, poor: 1800, unit: 'ms' },
};

export type VitalRating = 'good' | 'needs-improvement' | 'poor';

export function rateVital(metric: string, value: number): VitalRating | undefined {
  const threshold = VITAL_THRESHOLDS[metric.toUpperCase()];
  if (!threshold) return undefined;
  if (value <= threshold.good) return 'good';
  return value <= threshold.poor ? 'needs-improvement' : 'poor';
}

export function formatVital(metric: string, value: number): string {
  const threshold = VITAL_THRESHOLDS[metric.toUpperCase()];
  if (threshold?.unit === 'ms') {
    return value >= 1000 ? `${(value / 1000).toFixed(2)}s` : `${Math.round(value)}ms`;
  }
  return formatRatio(value);
}
