/** A tiny inline trend line (SVG, no chart library): one per project in the list. */
export function Sparkline(props: { values: number[]; label: string }) {
  const { values } = props;
  const width = 120;
  const height = 32;
  if (values.length < 2) return <svg width={width} height={height} aria-hidden="true" />;
  const max = Math.max(1, ...values);
  const step = width / (values.length - 1);
  const points = values.map((value, index) => {
    const x = index * step;
    const y = height - 2 - (value / max) * (height - 4);
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  });
  const line = `M${points.join(' L')}`;
  const area = `${line} L${width},${height} L0,${height} Z`;
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={props.label}
    >
      <path d={area} className="sparkline-area" />
      <path d={line} className="sparkline-line" />
    </svg>
  );
}
