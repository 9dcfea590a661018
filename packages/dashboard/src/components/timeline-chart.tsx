import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { TimelinePoint } from '../api/report-model.ts';
import { formatCount } from '../format.ts';
import type { TimelineMetric } from '../state/url-state.ts';

/** Buckets are wall-clock times of the report's zone; plotting them as UTC keeps them so. */
function bucketSeconds(bucket: string): number {
  const iso = bucket.length === 10 ? `${bucket}T00:00:00Z` : `${bucket.slice(0, 16)}:00Z`;
  return Date.parse(iso) / 1000;
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function chartOptions(width: number, hourly: boolean, withPrevious: boolean): uPlot.Options {
  const accent = cssVar('--accent');
  const muted = cssVar('--text-muted');
  const grid = cssVar('--border');
  const axis: uPlot.Axis = {
    stroke: muted,
    grid: { stroke: grid, width: 1 },
    ticks: { show: false },
    font: '12px system-ui, sans-serif',
  };
  return {
    width,
    height: 240,
    padding: [12, 8, 0, 0],
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
    cursor: { points: { size: 8 }, drag: { x: false, y: false } },
    legend: { show: false },
    scales: { y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.1))] } },
    axes: [
      { ...axis, grid: { show: false }, values: hourly ? '{HH}:{mm}' : '{MMM} {D}' },
      { ...axis, size: 48, values: (_u, values) => values.map((value) => formatCount(value)) },
    ],
    series: [
      {},
      {
        label: 'Current',
        stroke: accent,
        width: 2,
        fill: `${accent}22`,
        points: { show: false },
      },
      ...(withPrevious
        ? [{ label: 'Previous', stroke: muted, width: 1.5, dash: [4, 4], points: { show: false } }]
        : []),
    ],
  };
}

/** The timeline of one metric, with the previous period dashed when comparing. */
export function TimelineChart(props: {
  points: TimelinePoint[];
  previous?: TimelinePoint[];
  metric: TimelineMetric;
  hourly: boolean;
}) {
  const container = useRef<HTMLDivElement>(null);
  const { points, previous, metric, hourly } = props;

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const xs = points.map((point) => bucketSeconds(point.bucket));
    const ys = points.map((point) => point[metric]);
    const data: uPlot.AlignedData = previous
      ? [xs, ys, points.map((_point, index) => previous[index]?.[metric] ?? null)]
      : [xs, ys];
    let chart: uPlot | undefined;
    const draw = () => {
      chart?.destroy();
      chart = new uPlot(chartOptions(element.clientWidth, hourly, !!previous), data, element);
    };
    draw();
    const observer = new ResizeObserver(() =>
      chart?.setSize({ width: element.clientWidth, height: 240 }),
    );
    observer.observe(element);
    window.addEventListener('hm:theme', draw);
    return () => {
      observer.disconnect();
      window.removeEventListener('hm:theme', draw);
      chart?.destroy();
    };
  }, [points, previous, metric, hourly]);

  return (
    <div ref={container} className="timeline-chart" role="img" aria-label={`${metric} over time`} />
  );
}
