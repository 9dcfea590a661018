import { type ReactNode, useEffect, useMemo, useState } from 'react';
import type { OverviewReport } from '../api/report-model.ts';
import { browserTimeZone, fetchOverview, reportQuery, type ReportSource } from '../api/reports.ts';
import { takeInlineOverview } from '../boot.ts';
import { BreakdownPanel } from '../components/breakdown-panel.tsx';
import { FilterChips, ReportControls } from '../components/controls.tsx';
import { Heatmap } from '../components/heatmap.tsx';
import { IngestionHealthPanel } from '../components/ingestion-health.tsx';
import { LiveBadge, LiveStream, useLive } from '../components/live-stream.tsx';
import { MetricCards } from '../components/metric-cards.tsx';
import {
  ErrorsPanel,
  FlagsPanel,
  Panel,
  RevenuePanel,
  ScrollDepthPanel,
  VitalsPanel,
} from '../components/report-panels.tsx';
import { TimelineChart } from '../components/timeline-chart.tsx';
import { ErrorState, Skeleton } from '../components/ui.tsx';
import { countryFlag, countryName } from '../format.ts';
import {
  effectiveGranularity,
  granularityFits,
  resolveRange,
  todayIn,
} from '../state/date-range.ts';
import {
  GRANULARITIES,
  removeFilter,
  setFilter,
  TIMELINE_METRICS,
  type ViewState,
} from '../state/url-state.ts';
import { useViewState } from '../state/use-view-state.ts';

function useOverview(source: ReportSource, view: ViewState) {
  const sourceKey = 'projectId' in source ? source.projectId : `share:${source.shareToken}`;
  const query = reportQuery(view).toString();
  const [report, setReport] = useState<OverviewReport | undefined>(() =>
    takeInlineOverview(sourceKey, query),
  );
  const [loadedQuery, setLoadedQuery] = useState<string | undefined>(report ? query : undefined);
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the query string stands for the view
  useEffect(() => {
    if (loadedQuery === query && attempt === 0) return;
    const controller = new AbortController();
    setError(undefined);
    fetchOverview(source, view, controller.signal)
      .then((next) => {
        setReport(next);
        setLoadedQuery(query);
      })
      .catch((caught: Error) => {
        if (caught.name !== 'AbortError') setError(caught.message);
      });
    return () => controller.abort();
  }, [sourceKey, query, attempt]);

  return {
    report,
    loading: loadedQuery !== query && !error,
    error,
    retry: () => setAttempt(attempt + 1),
  };
}

const METRIC_LABELS = {
  visitors: 'Visitors',
  pageviews: 'Pageviews',
  sessions: 'Sessions',
  events: 'Events',
};

/** The overview of one project: controls, cards, timeline, every report panel and live events. */
export function Overview(props: {
  source: ReportSource;
  title: ReactNode;
  actions?: ReactNode;
  readOnly?: boolean;
}) {
  const [view, update] = useViewState();
  const { report, loading, error, retry } = useOverview(props.source, view);
  const live = useLive(props.source);
  const timeZone = view.tz ?? browserTimeZone();
  const range = useMemo(() => resolveRange(view, browserTimeZone()), [view]);
  const granularity = effectiveGranularity(view, range);
  const onFilter = (dimension: string, value: string) =>
    update({ filters: setFilter(view.filters, { dimension, value }) });
  const breakdowns = report?.breakdowns;
  const eventFilter = view.filters.find((filter) => filter.dimension === 'event');

  return (
    <div className="overview" aria-busy={loading}>
      <div className="page-heading">
        <div className="page-title-row">
          <h1 className="page-title">{props.title}</h1>
          <LiveBadge count={live.liveVisitors} />
          {loading && report && <span className="refreshing" role="status" aria-label="Updating" />}
        </div>
        {props.actions}
      </div>
      <ReportControls view={view} timeZone={timeZone} today={todayIn(timeZone)} onChange={update} />
      <FilterChips
        filters={view.filters}
        onRemove={(dimension) => update({ filters: removeFilter(view.filters, dimension) })}
        onClear={() => update({ filters: [] })}
      />
      {error && !report && (
        <ErrorState message={`Could not load this report: ${error}`} onRetry={retry} />
      )}
      {error && report && <ErrorState message={`Showing older data: ${error}`} onRetry={retry} />}

      <MetricCards
        summary={report?.summary}
        previous={report?.previousSummary}
        metric={view.metric}
        onSelectMetric={(metric) => update({ metric })}
      />

      <section className="panel timeline-panel" aria-label="Timeline">
        <header className="panel-header">
          <fieldset className="segmented" aria-label="Timeline metric">
            {TIMELINE_METRICS.map((metric) => (
              <button
                key={metric}
                type="button"
                aria-pressed={view.metric === metric}
                onClick={() => update({ metric })}
              >
                {METRIC_LABELS[metric]}
              </button>
            ))}
          </fieldset>
          <fieldset className="segmented" aria-label="Granularity">
            {GRANULARITIES.map((option) => (
              <button
                key={option}
                type="button"
                aria-pressed={granularity === option}
                disabled={!granularityFits(option, range)}
                onClick={() => update({ granularity: option })}
              >
                {option[0]?.toUpperCase() + option.slice(1)}
              </button>
            ))}
          </fieldset>
        </header>
        {report ? (
          <TimelineChart
            points={report.timeline}
            previous={view.compare ? report.previousTimeline : undefined}
            metric={view.metric}
            hourly={report.range.granularity === 'hour'}
          />
        ) : (
          <Skeleton height={240} />
        )}
      </section>

      <div className="panel-grid">
        <BreakdownPanel
          title="Pages"
          onFilter={onFilter}
          emptyHint="Pageviews arrive once the SDK is on your site."
          tabs={[
            {
              id: 'pages',
              label: 'Top pages',
              rows: breakdowns?.pages,
              dimension: 'path',
              countLabel: 'Views',
            },
            {
              id: 'entry',
              label: 'Entry',
              rows: breakdowns?.entryPages,
              dimension: 'entry_path',
              countLabel: 'Entries',
            },
            {
              id: 'exit',
              label: 'Exit',
              rows: breakdowns?.exitPages,
              dimension: 'exit_path',
              countLabel: 'Exits',
            },
          ]}
        />
        <BreakdownPanel
          title="Sources"
          onFilter={onFilter}
          tabs={[
            {
              id: 'referrers',
              label: 'Referrers',
              rows: breakdowns?.referrers,
              dimension: 'referrer',
              countLabel: 'Visitors',
            },
            {
              id: 'utmSource',
              label: 'UTM source',
              rows: breakdowns?.utmSources,
              dimension: 'utm_source',
            },
            {
              id: 'utmMedium',
              label: 'Medium',
              rows: breakdowns?.utmMediums,
              dimension: 'utm_medium',
            },
            {
              id: 'utmCampaign',
              label: 'Campaign',
              rows: breakdowns?.utmCampaigns,
              dimension: 'utm_campaign',
            },
          ]}
        />
        <BreakdownPanel
          title="Countries"
          onFilter={onFilter}
          footnote={
            <>
              IP Geolocation by{' '}
              <a href="https://db-ip.com" rel="noreferrer" target="_blank">
                DB-IP
              </a>
            </>
          }
          tabs={[
            {
              id: 'countries',
              label: 'Country',
              rows: breakdowns?.countries,
              dimension: 'country',
              countLabel: 'Visitors',
              renderValue: (value) =>
                value ? (
                  <>
                    <span className="flag" aria-hidden="true">
                      {countryFlag(value)}
                    </span>
                    {countryName(value)}
                  </>
                ) : (
                  'Unknown'
                ),
            },
          ]}
        />
        <BreakdownPanel
          title="Technology"
          onFilter={onFilter}
          tabs={[
            {
              id: 'browsers',
              label: 'Browser',
              rows: breakdowns?.browsers,
              dimension: 'browser',
              countLabel: 'Visitors',
            },
            {
              id: 'os',
              label: 'OS',
              rows: breakdowns?.os,
              dimension: 'os',
              countLabel: 'Visitors',
            },
            {
              id: 'devices',
              label: 'Device',
              rows: breakdowns?.devices,
              dimension: 'device',
              countLabel: 'Visitors',
            },
          ]}
        />
        <BreakdownPanel
          title="Custom events"
          onFilter={onFilter}
          emptyHint="Send your own events with track('signup')."
          tabs={[
            { id: 'events', label: 'Event', rows: breakdowns?.events, dimension: 'event' },
            ...(eventFilter && report?.eventProperties
              ? report.eventProperties.map((property) => ({
                  id: `meta.${property.key}`,
                  label: property.key,
                  rows: property.rows,
                  dimension: `meta.${property.key}`,
                }))
              : []),
          ]}
        />
        <BreakdownPanel
          title="Outbound links"
          tabs={[
            {
              id: 'outbound',
              label: 'Link',
              rows: breakdowns?.outboundLinks,
              countLabel: 'Clicks',
            },
          ]}
          emptyHint="Turn on autoTrackOutbound to see where visitors leave to."
        />
        <Panel title="Busiest times" className="wide">
          {report ? <Heatmap cells={report.heatmap} /> : <Skeleton height={180} />}
        </Panel>
        <VitalsPanel vitals={report?.vitals} />
        <ErrorsPanel errors={report?.errors} />
        <RevenuePanel revenue={report?.revenue} />
        <FlagsPanel flags={report?.flags} />
        <ScrollDepthPanel rows={report?.scrollDepth} />
        {!props.readOnly && 'projectId' in props.source && (
          <IngestionHealthPanel projectId={props.source.projectId} view={view} />
        )}
        <LiveStream events={live.events} />
      </div>
    </div>
  );
}
