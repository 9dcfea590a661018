import type { ReactNode } from 'react';
import type { ErrorRow, FlagRow, RevenueRow, ScrollRow, VitalRow } from '../api/report-model.ts';
import { formatCount, formatMoney, formatRelative, formatVital, rateVital } from '../format.ts';
import { EmptyState, Skeleton } from './ui.tsx';

/** A titled card for the reports that are not simple ranked lists. */
export function Panel(props: {
  title: string;
  children: ReactNode;
  className?: string;
  aside?: ReactNode;
}) {
  return (
    <section className={`panel ${props.className ?? ''}`} aria-label={props.title}>
      <header className="panel-header">
        <h3 className="panel-title">{props.title}</h3>
        {props.aside}
      </header>
      {props.children}
    </section>
  );
}

function Loading() {
  return (
    <div className="rows">
      {[0, 1, 2].map((index) => (
        <Skeleton key={index} height={28} className="row-skeleton" />
      ))}
    </div>
  );
}

const RATING_LABELS = { good: 'Good', 'needs-improvement': 'Needs improvement', poor: 'Poor' };

export function VitalsPanel(props: { vitals: VitalRow[] | undefined }) {
  return (
    <Panel title="Web vitals" aside={<span className="panel-note">p75</span>}>
      {!props.vitals ? (
        <Loading />
      ) : props.vitals.length === 0 ? (
        <EmptyState title="No web vitals yet">
          Turn on <code>autoTrackWebVitals</code> in the SDK to measure real users’ page speed.
        </EmptyState>
      ) : (
        <div className="vitals">
          {props.vitals.map((vital) => {
            const rating = rateVital(vital.metric, vital.p75);
            return (
              <div key={vital.metric} className={`vital ${rating ?? ''}`}>
                <span className="vital-name">{vital.metric}</span>
                <span className="vital-value">{formatVital(vital.metric, vital.p75)}</span>
                <span className="vital-rating">
                  {rating ? RATING_LABELS[rating] : `${formatCount(vital.samples)} samples`}
                </span>
              </div>
            );
          })}
        </div>
      )}
    </Panel>
  );
}

function SimpleTable<T>(props: {
  rows: T[] | undefined;
  empty: ReactNode;
  columns: { label: string; render: (row: T) => ReactNode; numeric?: boolean }[];
  rowKey: (row: T) => string;
}) {
  if (!props.rows) return <Loading />;
  if (props.rows.length === 0) return <>{props.empty}</>;
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th key={column.label} className={column.numeric ? 'numeric' : ''} scope="col">
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={props.rowKey(row)}>
              {props.columns.map((column) => (
                <td key={column.label} className={column.numeric ? 'numeric' : ''}>
                  {column.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ErrorsPanel(props: { errors: ErrorRow[] | undefined }) {
  return (
    <Panel title="Top errors">
      <SimpleTable
        rows={props.errors}
        rowKey={(row) => row.message}
        empty={
          <EmptyState title="No errors recorded">
            With <code>autoTrackErrors</code> on, uncaught errors show up here.
          </EmptyState>
        }
        columns={[
          {
            label: 'Message',
            render: (row) => <span className="truncate mono">{row.message || '(no message)'}</span>,
          },
          { label: 'Count', numeric: true, render: (row) => formatCount(row.count) },
          {
            label: 'Last seen',
            numeric: true,
            render: (row) => (row.lastSeen ? formatRelative(row.lastSeen) : '–'),
          },
        ]}
      />
    </Panel>
  );
}

export function RevenuePanel(props: { revenue: RevenueRow[] | undefined }) {
  return (
    <Panel title="Revenue">
      <SimpleTable
        rows={props.revenue}
        rowKey={(row) => row.currency}
        empty={
          <EmptyState title="No revenue tracked">
            Call <code>trackRevenue({'{ amount, currency }'})</code> on a purchase.
          </EmptyState>
        }
        columns={[
          { label: 'Currency', render: (row) => row.currency || '(none)' },
          { label: 'Orders', numeric: true, render: (row) => formatCount(row.orders) },
          {
            label: 'Revenue',
            numeric: true,
            render: (row) => formatMoney(row.amount, row.currency),
          },
        ]}
      />
    </Panel>
  );
}

export function FlagsPanel(props: { flags: FlagRow[] | undefined }) {
  return (
    <Panel title="Feature flags">
      <SimpleTable
        rows={props.flags}
        rowKey={(row) => `${row.flag}:${row.variant}`}
        empty={
          <EmptyState title="No feature flag exposures">
            <code>trackFeatureFlag(flag, variant)</code> records which variant a visitor saw.
          </EmptyState>
        }
        columns={[
          { label: 'Flag', render: (row) => <span className="mono">{row.flag || '(none)'}</span> },
          { label: 'Variant', render: (row) => row.variant || '(none)' },
          { label: 'Exposures', numeric: true, render: (row) => formatCount(row.count) },
        ]}
      />
    </Panel>
  );
}

export function ScrollDepthPanel(props: { rows: ScrollRow[] | undefined }) {
  const max = Math.max(1, ...(props.rows ?? []).map((row) => row.count));
  return (
    <Panel title="Scroll depth">
      {!props.rows ? (
        <Loading />
      ) : props.rows.length === 0 ? (
        <EmptyState title="No scroll data">
          Turn on <code>autoTrackScrollDepth</code> to see how far visitors read.
        </EmptyState>
      ) : (
        <div className="bars">
          {props.rows.map((row) => (
            <div key={row.threshold} className="bar-column">
              <span className="bar-value">{formatCount(row.count)}</span>
              <span className="bar" style={{ height: `${(row.count / max) * 100}%` }} />
              <span className="bar-label">{row.threshold}%</span>
            </div>
          ))}
        </div>
      )}
    </Panel>
  );
}
