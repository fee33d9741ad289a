import { Badge } from '@/app/_components/ui/badge';
import { getDatabase } from '@/db';
import { getLatestCheckIns, getValuesAround, listCheckIns } from '@/lib/check-ins/queries';
import { confidenceLabels, entryModeOf, readOnlyReasons, type Confidence } from '@/lib/check-ins/rules';
import type { KpiDetail } from '@/lib/kpis/queries';
import { getKpiResults } from '@/lib/kpis/results';
import type { OrgContext } from '@/lib/organizations/context';
import { lastCompletedPeriod, periodLabel, safeParsePeriodKey, shiftPeriod } from '@/lib/periods';
import { can } from '@/lib/permissions';
import { statusLabels } from '@/lib/scoring';
import { getUnitParents } from '@/lib/units/queries';
import { CheckInForm, type CheckInField } from './check-in-form';
import { WatermelonNotice } from './watermelon-flag';

/** How many completed periods the check-in form offers, newest first. */
const OFFERED_PERIODS = 6;
const confidenceTones: Record<Confidence, 'green' | 'amber' | 'red'> = { on_track: 'green', at_risk: 'amber', off_track: 'red' };

/**
 * The KPI page's check-ins: the watermelon flag for the last completed
 * period, the check-in form for those who may check in, and the history.
 * Five queries of its own whatever the number of metrics and check-ins.
 */
export async function KpiCheckIns({ ctx, kpi }: { ctx: OrgContext; kpi: Pick<KpiDetail, 'id' | 'unitId' | 'ownerId' | 'state' | 'frequency' | 'source' | 'metrics'> }) {
  const calendar = { fiscalYearStartMonth: ctx.organization.fiscalYearStartMonth };
  const last = lastCompletedPeriod(kpi.frequency, ctx.today, calendar);
  const periods = Array.from({ length: OFFERED_PERIODS }, (_, i) => shiftPeriod(last, -i, calendar));
  const oldest = periods.at(-1)!;
  const metricIds = kpi.source === 'formula' ? kpi.metrics.map((m) => m.id) : [];

  const db = await getDatabase();
  const { parents, results, latest, history, values } = await db.withTenant(ctx.organization.id, async (tx) => {
    const [parents, results, latest, history, values] = await Promise.all([
      getUnitParents(tx),
      getKpiResults(tx, ctx.organization, [{ kpiId: kpi.id, ranges: periods }], ctx.today),
      getLatestCheckIns(tx, [{ kpiId: kpi.id, periodKey: last.key }]),
      listCheckIns(tx, kpi.id),
      getValuesAround(tx, metricIds, { start: oldest.start, end: last.end }),
    ]);
    return { parents, results: results.get(kpi.id), latest: latest.get(`${kpi.id}|${last.key}`), history, values };
  });
  const mayCheckIn = kpi.state === 'active' && can(ctx.actor, 'kpis.check_in', { unitId: kpi.unitId, parents, ownerIds: [kpi.ownerId] });
  const label = (key: string) => periodLabel(periods.find((p) => p.key === key) ?? last, calendar);
  const labelOfKey = (key: string) => {
    const parsed = safeParsePeriodKey(key, calendar);
    return parsed.ok ? periodLabel(parsed.period, calendar) : key;
  };

  const fields: CheckInField[] = kpi.source === 'formula'
    ? kpi.metrics.map((m) => {
        const stored = values.inRange.get(m.id) ?? [];
        return {
          id: m.id,
          name: m.name,
          unit: m.unit,
          currencyCode: m.currencyCode,
          history: (values.recent.get(m.id) ?? []).map(({ date, value, note }) => ({ date, value, note })),
          byPeriod: Object.fromEntries(
            periods.map((p) => {
              const inPeriod = stored.filter((v) => v.date >= p.start && v.date <= p.end);
              const mode = entryModeOf(m, p, inPeriod.map((v) => v.date));
              const current = mode.editable
                ? (inPeriod.find((v) => v.date === mode.date)?.value ?? null)
                : (results?.get(p.key)?.inputs?.[m.key] ?? null);
              return [p.key, { editable: mode.editable, date: mode.editable ? mode.date : null, readOnlyReason: mode.editable ? null : readOnlyReasons[mode.reason], current }];
            }),
          ),
        };
      })
    : [];

  return (
    <>
      <WatermelonNotice confidence={latest?.confidence} status={results?.get(last.key)?.status} periodLabel={label(last.key)} author={latest?.authorName ?? null} />
      <div className="grid gap-6 lg:grid-cols-2">
        {mayCheckIn && (
          <section aria-labelledby="check-in" className="space-y-4 rounded-lg border border-slate-200 bg-white p-6" data-testid="check-in-card">
            <div>
              <h2 id="check-in" className="text-base font-semibold">
                Check in
              </h2>
              <p className="text-sm text-slate-600">
                {kpi.source === 'formula'
                  ? 'Record the period’s values, say what happened and what comes next, and how confident you are.'
                  : 'A roll-up KPI takes its values from its contributors: say what happened and what comes next, and how confident you are.'}
              </p>
            </div>
            <CheckInForm
              slug={ctx.organization.slug}
              kpiId={kpi.id}
              periods={periods.map((p) => ({ key: p.key, label: periodLabel(p, calendar), statusLabel: statusLabels[results?.get(p.key)?.status ?? 'no_data'] }))}
              fields={fields}
            />
          </section>
        )}
        <section aria-labelledby="check-in-history" className={`space-y-3 rounded-lg border border-slate-200 bg-white p-6 ${mayCheckIn ? '' : 'lg:col-span-2'}`}>
          <h2 id="check-in-history" className="text-base font-semibold">
            Check-ins
          </h2>
          {history.length === 0 ? (
            <p className="text-sm text-slate-600">No check-ins yet.</p>
          ) : (
            <ol className="space-y-3" aria-label="Check-in history">
              {history.map((c) => (
                <li key={c.id} className="rounded-md border border-slate-100 bg-slate-50 p-3 text-sm">
                  <p className="flex flex-wrap items-center gap-2">
                    <Badge tone={confidenceTones[c.confidence]}>{confidenceLabels[c.confidence]}</Badge>
                    <span className="font-medium">{c.authorName ?? 'Former member'}</span>
                    <span className="text-slate-500">
                      for {labelOfKey(c.periodKey)} · <time dateTime={c.createdAt.toISOString()}>{c.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</time>
                    </span>
                  </p>
                  {c.comment ? <p className="mt-1 whitespace-pre-line text-slate-800">{c.comment}</p> : <p className="mt-1 text-slate-500">No comment.</p>}
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </>
  );
}
