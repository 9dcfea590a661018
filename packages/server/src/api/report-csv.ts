import type { OverviewReport } from '@harshit-metrics/dashboard/report-model';

/**
 * The overview report as one CSV in long form — `report,dimension,metric,value` — so every
 * panel fits one sheet and a pivot table can reshape it.
 */

/** Quotes a field when needed, and defuses spreadsheet formulas (a leading =, +, -, @). */
export function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function reportToCsv(report: OverviewReport): string {
  const rows: (string | number)[][] = [['report', 'dimension', 'metric', 'value']];
  const add = (report: string, dimension: string, metric: string, value: string | number) =>
    rows.push([report, dimension, metric, value]);

  for (const [metric, value] of Object.entries(report.summary)) add('summary', '', metric, value);
  for (const point of report.timeline) {
    for (const metric of ['visitors', 'pageviews', 'sessions', 'events'] as const) {
      add('timeline', point.bucket, metric, point[metric]);
    }
  }
  for (const [name, list] of Object.entries(report.breakdowns)) {
    for (const row of list) {
      add(name, row.value, 'count', row.count);
      if (row.visitors !== undefined) add(name, row.value, 'visitors', row.visitors);
    }
  }
  for (const cell of report.heatmap)
    add('heatmap', `${cell.weekday}:${cell.hour}`, 'pageviews', cell.count);
  for (const vital of report.vitals) add('vitals', vital.metric, 'p75', vital.p75);
  for (const error of report.errors) add('errors', error.message, 'count', error.count);
  for (const revenue of report.revenue) {
    add('revenue', revenue.currency, 'amount', revenue.amount);
    add('revenue', revenue.currency, 'orders', revenue.orders);
  }
  for (const flag of report.flags)
    add('featureFlags', `${flag.flag}:${flag.variant}`, 'count', flag.count);
  for (const scroll of report.scrollDepth)
    add('scrollDepth', `${scroll.threshold}%`, 'count', scroll.count);
  return `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}
