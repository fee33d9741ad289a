import type { BudgetMeter as Meter } from '@/lib/kpis/view';

/** The vital-few budget of a unit as a labelled meter, with a warning when it is over. */
export function BudgetMeter({ meter, mode }: { meter: Meter; mode: 'warn' | 'block' }) {
  const share = meter.limit > 0 ? Math.min(1, meter.used / meter.limit) : 0;
  const bar = meter.over ? 'bg-red-500' : meter.used === meter.limit ? 'bg-amber-500' : 'bg-brand-500';
  return (
    <div className="space-y-1">
      <div
        role="meter"
        aria-label={meter.label}
        aria-valuemin={0}
        aria-valuemax={meter.limit}
        aria-valuenow={meter.used}
        className="flex items-center gap-3"
      >
        <span className="h-2 w-32 shrink-0 overflow-hidden rounded-full bg-slate-200" aria-hidden>
          <span className={`block h-full ${bar}`} style={{ width: `${share * 100}%` }} />
        </span>
        <span className={`text-sm ${meter.over ? 'font-medium text-red-800' : 'text-slate-700'}`}>{meter.label}</span>
      </div>
      {meter.over && (
        <p className="text-xs text-red-800">
          ⚠ Over the vital-few limit: keep the few KPIs that show whether the goals are met
          {mode === 'block' ? ' — new KPIs here will be refused until some are retired.' : '.'}
        </p>
      )}
      {!meter.over && meter.detail && <p className="text-xs text-slate-500">{meter.detail}</p>}
    </div>
  );
}
