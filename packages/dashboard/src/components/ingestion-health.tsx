import { useEffect, useState } from 'react';
import type { IngestionHealth } from '../api/report-model.ts';
import { fetchIngestionHealth } from '../api/reports.ts';
import { formatCount } from '../format.ts';
import type { ViewState } from '../state/url-state.ts';
import { Panel } from './report-panels.tsx';
import { ErrorState, Skeleton } from './ui.tsx';

const REASON_LABELS: Record<string, string> = {
  invalid_payload: 'Invalid payload',
  invalid_api_key: 'Invalid or revoked key',
  missing_api_key: 'Missing key',
  payload_too_large: 'Too large',
  invalid_json: 'Malformed JSON',
  overloaded: 'Server overloaded',
};

/** What happened to the traffic sent to this project: what was kept, and why the rest was not. */
export function IngestionHealthPanel(props: { projectId: string; view: ViewState }) {
  const [health, setHealth] = useState<IngestionHealth>();
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const { projectId, view } = props;

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt re-runs the fetch on retry
  useEffect(() => {
    const controller = new AbortController();
    setError(undefined);
    fetchIngestionHealth(projectId, view, controller.signal)
      .then(setHealth)
      .catch((caught: Error) => {
        if (caught.name !== 'AbortError') setError(caught.message);
      });
    return () => controller.abort();
  }, [projectId, view.range, view.from, view.to, view.tz, attempt]);

  const rejected = health?.rejected.reduce((sum, row) => sum + row.count, 0) ?? 0;
  return (
    <Panel title="Ingestion health" className="health-panel">
      {error ? (
        <ErrorState message={error} onRetry={() => setAttempt(attempt + 1)} />
      ) : !health ? (
        <Skeleton height={64} />
      ) : (
        <>
          <dl className="health-stats">
            <div>
              <dt>Accepted</dt>
              <dd className="good">{formatCount(health.accepted)}</dd>
            </div>
            <div>
              <dt>Rejected</dt>
              <dd className={rejected > 0 ? 'bad' : ''}>{formatCount(rejected)}</dd>
            </div>
            <div>
              <dt>Bots filtered</dt>
              <dd>{formatCount(health.bots)}</dd>
            </div>
            <div>
              <dt>Rate-limited</dt>
              <dd className={health.rateLimited > 0 ? 'warn' : ''}>
                {formatCount(health.rateLimited)}
              </dd>
            </div>
          </dl>
          {health.rejected.length > 0 && (
            <ul className="health-reasons">
              {health.rejected.map((row) => (
                <li key={row.reason}>
                  <span>{REASON_LABELS[row.reason] ?? row.reason}</span>
                  <span className="row-count">{formatCount(row.count)}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Panel>
  );
}
