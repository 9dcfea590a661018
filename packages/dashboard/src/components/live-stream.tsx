import { useEffect, useRef, useState } from 'react';
import type { RecentEvent } from '../api/report-model.ts';
import { fetchLive, type ReportSource } from '../api/reports.ts';
import { countryFlag, formatRelative } from '../format.ts';
import { EmptyState } from './ui.tsx';

/** How often the live view asks for new events; the issue allows "at most a few seconds". */
export const LIVE_POLL_MS = 2500;
const MAX_EVENTS = 30;

export interface LiveState {
  liveVisitors: number | undefined;
  events: RecentEvent[];
}

/** Polls the live endpoint while the tab is visible, accumulating the newest events. */
export function useLive(source: ReportSource, initial?: RecentEvent[]): LiveState {
  const [state, setState] = useState<LiveState>({ liveVisitors: undefined, events: initial ?? [] });
  const cursor = useRef<string | undefined>(undefined);
  const key = 'projectId' in source ? source.projectId : source.shareToken;

  // The source is identified by its key; a new object for the same project is the same source.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    cursor.current = undefined;
    const poll = async () => {
      if (document.visibilityState === 'visible') {
        try {
          const snapshot = await fetchLive(source, cursor.current, controller.signal);
          cursor.current = snapshot.cursor;
          setState((previous) => {
            const seen = new Set(snapshot.events.map((event) => event.id));
            const kept = previous.events.filter((event) => !seen.has(event.id));
            return {
              liveVisitors: snapshot.liveVisitors,
              events: [...snapshot.events, ...kept].slice(0, MAX_EVENTS),
            };
          });
        } catch {
          // A missed poll is retried on the next tick; the badge keeps its last value.
        }
      }
      if (!stopped) timer = setTimeout(poll, LIVE_POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      controller.abort();
      clearTimeout(timer);
    };
  }, [key]);

  return state;
}

export function LiveBadge(props: { count: number | undefined }) {
  return (
    <span className="live-badge" aria-live="polite" data-testid="live-badge">
      <span className="live-dot" aria-hidden="true" />
      {props.count === undefined
        ? 'Live'
        : `${props.count} live ${props.count === 1 ? 'visitor' : 'visitors'}`}
    </span>
  );
}

export function LiveStream(props: { events: RecentEvent[] }) {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((tick) => tick + 1), 10_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <section className="panel live-panel" aria-label="Live events">
      <header className="panel-header">
        <h3 className="panel-title">Live events</h3>
        <span className="panel-note">updates every few seconds</span>
      </header>
      {props.events.length === 0 ? (
        <EmptyState title="Waiting for events…">
          Events appear here within seconds of being sent.
        </EmptyState>
      ) : (
        <ol className="live-list" aria-live="polite" data-testid="live-stream">
          {props.events.map((event) => (
            <li key={event.id} className="live-item">
              <span className={`event-name ${event.name === 'pageview' ? 'pageview' : ''}`}>
                {event.name}
              </span>
              <span className="live-path truncate">{event.path ?? ''}</span>
              <span className="live-meta">
                {countryFlag(event.country)} {formatRelative(event.occurredAt)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
