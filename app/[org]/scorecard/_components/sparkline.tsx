import type { Status } from '@/lib/scoring';

const dotColor: Record<Status, string> = { on_track: '#059669', at_risk: '#d97706', off_track: '#dc2626', no_data: '#94a3b8' };

/**
 * A small inline trend line: the values oldest first, a gap where one is
 * missing, the last point marked in the status colour. `label` is the text
 * alternative (the chart itself is decoration for screen readers).
 */
export function Sparkline({ values, label, status, width = 96, height = 28 }: { values: readonly (number | null)[]; label: string; status: Status; width?: number; height?: number }) {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length === 0) {
    return (
      <span role="img" aria-label={label} className="inline-block text-xs text-slate-400">
        no data
      </span>
    );
  }
  const min = Math.min(...present);
  const max = Math.max(...present);
  const pad = 3;
  const x = (i: number) => (values.length === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (values.length - 1));
  const y = (v: number) => (max === min ? height / 2 : height - pad - ((v - min) * (height - 2 * pad)) / (max - min));
  // One path with a move-to after every gap, so a missing period is never drawn as a slope.
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v).toFixed(1)} `;
    pen = true;
  });
  const lastIndex = values.findLastIndex((v) => v !== null && Number.isFinite(v));
  const last = values[lastIndex]!;
  return (
    <svg role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="shrink-0 overflow-visible">
      <path d={d.trim()} fill="none" stroke="#64748b" strokeWidth={1.5} strokeLinejoin="round" strokeLinecap="round" />
      {values.map((v, i) => (v !== null && Number.isFinite(v) && (i === 0 || values[i - 1] === null) && (i === values.length - 1 || values[i + 1] === null) ? <circle key={i} cx={x(i)} cy={y(v)} r={1.5} fill="#64748b" /> : null))}
      <circle cx={x(lastIndex)} cy={y(last)} r={3} fill={dotColor[status]} stroke="white" strokeWidth={1} />
    </svg>
  );
}
