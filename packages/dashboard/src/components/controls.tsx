import { useMemo } from 'react';
import { countryName } from '../format.ts';
import { RANGE_LABELS } from '../state/date-range.ts';
import { FILTER_DIMENSION_LABELS, isFilterDimension } from '../state/filter-dimensions.ts';
import {
  type Filter,
  RANGE_PRESETS,
  type RangePreset,
  type ViewState,
} from '../state/url-state.ts';

function dimensionLabel(dimension: string): string {
  if (isFilterDimension(dimension)) return FILTER_DIMENSION_LABELS[dimension];
  return dimension.startsWith('meta.') ? dimension.slice(5) : dimension;
}

export function filterLabel(filter: Filter): string {
  const dimension = dimensionLabel(filter.dimension);
  const value = filter.dimension === 'country' ? countryName(filter.value) : filter.value;
  return `${dimension} is ${value || '(none)'}`;
}

function timeZones(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = ['UTC'];
  }
  return zones.includes(current) ? zones : [current, ...zones];
}

/** Date range, time zone and comparison: everything that changes which data the report covers. */
export function ReportControls(props: {
  view: ViewState;
  timeZone: string;
  today: string;
  onChange: (next: Partial<ViewState>) => void;
}) {
  const { view, onChange } = props;
  const zones = useMemo(() => timeZones(props.timeZone), [props.timeZone]);
  const selectRange = (range: RangePreset) => {
    if (range === 'custom') {
      onChange({ range, from: view.from ?? props.today, to: view.to ?? props.today });
    } else {
      onChange({ range, from: undefined, to: undefined, granularity: undefined });
    }
  };
  return (
    <div className="controls">
      <label className="control">
        <span className="control-label">Range</span>
        <select
          value={view.range}
          onChange={(event) => selectRange(event.target.value as RangePreset)}
          aria-label="Date range"
        >
          {RANGE_PRESETS.map((preset) => (
            <option key={preset} value={preset}>
              {RANGE_LABELS[preset]}
            </option>
          ))}
        </select>
      </label>
      {view.range === 'custom' && (
        <div className="control custom-range">
          <input
            type="date"
            aria-label="From"
            value={view.from ?? ''}
            max={view.to ?? props.today}
            onChange={(event) => event.target.value && onChange({ from: event.target.value })}
          />
          <span aria-hidden="true">–</span>
          <input
            type="date"
            aria-label="To"
            value={view.to ?? ''}
            min={view.from}
            max={props.today}
            onChange={(event) => event.target.value && onChange({ to: event.target.value })}
          />
        </div>
      )}
      <label className="control">
        <span className="control-label">Time zone</span>
        <select
          value={props.timeZone}
          aria-label="Time zone"
          onChange={(event) => onChange({ tz: event.target.value })}
        >
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
      </label>
      <label className="toggle">
        <input
          type="checkbox"
          checked={view.compare}
          onChange={(event) => onChange({ compare: event.target.checked })}
        />
        <span className="toggle-track" aria-hidden="true" />
        Compare to previous period
      </label>
    </div>
  );
}

export function FilterChips(props: {
  filters: Filter[];
  onRemove: (dimension: string) => void;
  onClear: () => void;
}) {
  if (props.filters.length === 0) return null;
  return (
    <ul className="chips" aria-label="Active filters">
      {props.filters.map((filter) => (
        <li key={filter.dimension} className="chip">
          <span>{filterLabel(filter)}</span>
          <button
            type="button"
            className="chip-remove"
            aria-label={`Remove filter ${filterLabel(filter)}`}
            onClick={() => props.onRemove(filter.dimension)}
          >
            ×
          </button>
        </li>
      ))}
      {props.filters.length > 1 && (
        <li>
          <button type="button" className="link-button" onClick={props.onClear}>
            Clear all
          </button>
        </li>
      )}
    </ul>
  );
}
