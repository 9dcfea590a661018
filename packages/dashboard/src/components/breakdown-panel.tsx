import { type ReactNode, useState } from 'react';
import type { BreakdownRow } from '../api/report-model.ts';
import { formatCount } from '../format.ts';
import { EmptyState, Skeleton } from './ui.tsx';

export interface BreakdownTab {
  id: string;
  label: string;
  rows: BreakdownRow[] | undefined;
  /** Filter dimension a click sets; rows are not clickable without one. */
  dimension?: string;
  countLabel?: string;
  renderValue?: (value: string) => ReactNode;
}

const COLLAPSED_ROWS = 8;

/** A card of ranked rows with tabs; clicking a row filters the whole report by it. */
export function BreakdownPanel(props: {
  title: string;
  tabs: BreakdownTab[];
  onFilter?: (dimension: string, value: string) => void;
  emptyHint?: string;
}) {
  const [tabId, setTabId] = useState(props.tabs[0]?.id);
  const [expanded, setExpanded] = useState(false);
  const tab = props.tabs.find((candidate) => candidate.id === tabId) ?? props.tabs[0];
  if (!tab) return null;
  const rows = tab.rows;
  const max = Math.max(1, ...(rows ?? []).map((row) => row.count));
  const visible = expanded ? rows : rows?.slice(0, COLLAPSED_ROWS);

  return (
    <section className="panel" aria-label={props.title}>
      <header className="panel-header">
        <h3 className="panel-title">{props.title}</h3>
        {props.tabs.length > 1 && (
          <div className="tabs" role="tablist" aria-label={`${props.title} views`}>
            {props.tabs.map((candidate) => (
              <button
                key={candidate.id}
                type="button"
                role="tab"
                aria-selected={candidate.id === tab.id}
                className="tab"
                onClick={() => {
                  setTabId(candidate.id);
                  setExpanded(false);
                }}
              >
                {candidate.label}
              </button>
            ))}
          </div>
        )}
      </header>
      <div className="panel-columns" aria-hidden="true">
        <span>{tab.label}</span>
        <span>{tab.countLabel ?? 'Count'}</span>
      </div>
      {rows === undefined ? (
        <div className="rows">
          {[0, 1, 2, 3, 4].map((index) => (
            <Skeleton key={index} height={28} className="row-skeleton" />
          ))}
        </div>
      ) : rows.length === 0 ? (
        <EmptyState title="No data for this range">{props.emptyHint}</EmptyState>
      ) : (
        <ol className="rows">
          {visible?.map((row) => {
            const label = tab.renderValue ? tab.renderValue(row.value) : row.value || '(none)';
            const content = (
              <>
                <span className="row-bar" style={{ width: `${(row.count / max) * 100}%` }} />
                <span className="row-label">{label}</span>
                <span className="row-count">{formatCount(row.count)}</span>
              </>
            );
            const dimension = tab.dimension;
            return (
              <li key={row.value}>
                {dimension && props.onFilter ? (
                  <button
                    type="button"
                    className="row clickable"
                    title={`Filter by ${row.value || '(none)'}`}
                    onClick={() => props.onFilter?.(dimension, row.value)}
                  >
                    {content}
                  </button>
                ) : (
                  <div className="row">{content}</div>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {rows && rows.length > COLLAPSED_ROWS && (
        <button type="button" className="link-button" onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Show less' : `Show all ${rows.length}`}
        </button>
      )}
    </section>
  );
}
