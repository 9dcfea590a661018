import type { HeatmapCell } from '../api/report-model.ts';
import { formatCount } from '../format.ts';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const HOURS = Array.from({ length: 24 }, (_unused, hour) => hour);

/** Weekday × hour grid, shaded by share of the busiest cell. */
export function Heatmap(props: { cells: HeatmapCell[] }) {
  const counts = new Map<string, number>();
  for (const cell of props.cells) counts.set(`${cell.weekday}:${cell.hour}`, cell.count);
  const max = Math.max(1, ...props.cells.map((cell) => cell.count));
  return (
    <div className="heatmap-scroll">
      <table className="heatmap" aria-label="Pageviews by weekday and hour">
        <tbody>
          {WEEKDAYS.map((day, weekday) => (
            <tr key={day}>
              <th scope="row" className="heatmap-label">
                {day}
              </th>
              {HOURS.map((hour) => {
                const count = counts.get(`${weekday}:${hour}`) ?? 0;
                const strength = count / max;
                return (
                  <td
                    key={hour}
                    className="heatmap-cell"
                    title={`${day} ${String(hour).padStart(2, '0')}:00 — ${formatCount(count)}`}
                  >
                    <span style={{ opacity: count === 0 ? 0.08 : 0.15 + strength * 0.85 }} />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td />
            {HOURS.map((hour) => (
              <td key={hour} className="heatmap-hour">
                {hour % 6 === 0 ? hour : ''}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
