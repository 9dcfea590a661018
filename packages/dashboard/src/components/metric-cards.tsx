import type { Summary } from '../api/report-model.ts';
import {
  changeBetween,
  formatCount,
  formatDuration,
  formatPercent,
  formatRatio,
} from '../format.ts';
import type { TimelineMetric } from '../state/url-state.ts';
import { Skeleton } from './ui.tsx';

interface CardSpec {
  key: keyof Summary;
  label: string;
  format: (value: number) => string;
  /** For bounce rate, lower is better. */
  lowerIsBetter?: boolean;
  /** Cards that are also timeline metrics switch the chart when clicked. */
  metric?: TimelineMetric;
}

const CARDS: CardSpec[] = [
  { key: 'visitors', label: 'Visitors', format: formatCount, metric: 'visitors' },
  { key: 'sessions', label: 'Sessions', format: formatCount, metric: 'sessions' },
  { key: 'pageviews', label: 'Pageviews', format: formatCount, metric: 'pageviews' },
  { key: 'viewsPerVisit', label: 'Views per visit', format: formatRatio },
  { key: 'bounceRate', label: 'Bounce rate', format: formatPercent, lowerIsBetter: true },
  { key: 'avgDurationMs', label: 'Avg. duration', format: formatDuration },
  { key: 'events', label: 'Events', format: formatCount, metric: 'events' },
];

export function MetricCards(props: {
  summary: Summary | undefined;
  previous: Summary | undefined;
  metric: TimelineMetric;
  onSelectMetric: (metric: TimelineMetric) => void;
}) {
  return (
    <div className="metric-cards">
      {CARDS.map((card) => {
        const value = props.summary?.[card.key];
        const change =
          value === undefined ? undefined : changeBetween(value, props.previous?.[card.key]);
        const good =
          change && change.direction !== 'flat'
            ? (change.direction === 'up') !== !!card.lowerIsBetter
            : undefined;
        const body = (
          <>
            <span className="metric-label">{card.label}</span>
            <span className="metric-value">
              {value === undefined ? <Skeleton height={28} width="70%" /> : card.format(value)}
            </span>
            <span
              className={`metric-change ${good === undefined ? '' : good ? 'good' : 'bad'}`}
              title="Change against the previous period"
            >
              {change?.label ? `${change.label} vs previous` : ' '}
            </span>
          </>
        );
        const metric = card.metric;
        return metric ? (
          <button
            key={card.key}
            type="button"
            className={`metric-card selectable ${props.metric === metric ? 'selected' : ''}`}
            aria-pressed={props.metric === metric}
            onClick={() => props.onSelectMetric(metric)}
          >
            {body}
          </button>
        ) : (
          <div key={card.key} className="metric-card">
            {body}
          </div>
        );
      })}
    </div>
  );
}
