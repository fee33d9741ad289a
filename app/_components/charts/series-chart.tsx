'use client';

import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatValue } from '@/lib/metrics/format';
import type { MeasureUnit } from '@/lib/metrics/schemas';

export type SeriesPoint = { label: string; actual: number | null; target?: number | null; low?: number | null; high?: number | null };

export type SeriesChartProps = {
  data: SeriesPoint[];
  /** Shown beside the axis, e.g. "EUR" or "%". */
  unitLabel?: string;
  /** When given, ticks, tooltip and the table format values like the rest of Keel (lib/metrics/format). */
  unit?: MeasureUnit;
  currencyCode?: string | null;
  height?: number;
  ariaLabel: string;
};

const brand = 'var(--color-brand-600, #1f5bcc)';

/**
 * Actual against target over time: the actual as a line with dots (a gap where
 * there is no value), the target dashed, an optional low–high band. The same
 * numbers are available as a table for screen readers and keyboard users.
 */
export function SeriesChart({ data, unitLabel, unit, currencyCode, height = 280, ariaLabel }: SeriesChartProps) {
  const format = (v: number | null | undefined) => (unit ? formatValue(v ?? null, unit, currencyCode) : v == null ? '—' : String(v));
  const hasTarget = data.some((d) => d.target != null);
  const hasBand = data.some((d) => d.low != null && d.high != null);
  const rows = data.map((d) => ({ ...d, band: d.low != null && d.high != null ? [d.low, d.high] : null }));
  const names: Record<string, string> = { actual: 'Actual', target: 'Target', band: 'Target band' };
  return (
    <div>
      <div role="img" aria-label={ariaLabel} style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 12, fill: '#475569' }} tickMargin={8} minTickGap={16} />
            <YAxis
              tick={{ fontSize: 12, fill: '#475569' }}
              width={72}
              tickFormatter={(v: number) => format(v)}
              label={unitLabel ? { value: unitLabel, angle: -90, position: 'insideLeft', fontSize: 12, fill: '#64748b' } : undefined}
            />
            <Tooltip
              itemStyle={{ color: '#334155' }}
              formatter={(value, name) => [
                Array.isArray(value) ? value.map((v) => format(Number(v))).join(' – ') : format(value == null ? null : Number(value)),
                names[String(name)] ?? String(name),
              ]}
            />
            {(hasTarget || hasBand) && <Legend formatter={(name: string) => <span className="text-slate-700">{names[name] ?? name}</span>} />}
            {hasBand && <Area dataKey="band" stroke="none" fill="#bbf7d0" fillOpacity={0.6} activeDot={false} isAnimationActive={false} connectNulls={false} />}
            {hasTarget && (
              <Line dataKey="target" stroke="#64748b" strokeDasharray="6 4" dot={false} isAnimationActive={false} connectNulls={false} />
            )}
            <Line dataKey="actual" stroke={brand} strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} connectNulls={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-slate-600 hover:text-slate-900">Show data as a table</summary>
        <table className="mt-2 min-w-64 text-left text-sm">
          <caption className="sr-only">{ariaLabel}</caption>
          <thead>
            <tr className="text-slate-600">
              <th scope="col" className="py-1 pr-6 font-medium">Period</th>
              <th scope="col" className="py-1 pr-6 font-medium">Actual</th>
              {hasTarget && <th scope="col" className="py-1 pr-6 font-medium">Target</th>}
              {hasBand && <th scope="col" className="py-1 pr-6 font-medium">Target band</th>}
            </tr>
          </thead>
          <tbody>
            {data.map((d, i) => (
              <tr key={i} className="border-t border-slate-100">
                <th scope="row" className="py-1 pr-6 font-normal">{d.label}</th>
                <td className="py-1 pr-6 tabular-nums">{format(d.actual)}</td>
                {hasTarget && <td className="py-1 pr-6 tabular-nums">{format(d.target)}</td>}
                {hasBand && <td className="py-1 pr-6 tabular-nums">{d.low != null && d.high != null ? `${format(d.low)} – ${format(d.high)}` : '—'}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
