import { and, eq } from 'drizzle-orm';
import { checkIns, kpiMetrics, kpis, metrics } from '@/db/schema';
import type { OrgActionContext } from '@/lib/action-runner';
import { ExpectedError } from '@/lib/errors';
import { getKpiResults } from '@/lib/kpis/results';
import { listPeriodLocks, lockedMessage, lockedPeriodOf, writeMeasurements, type MeasurementWrite } from '@/lib/metrics/measurement-batch';
import { safeParsePeriodKey } from '@/lib/periods';
import { getValuesAround, kpiNotFound } from './queries';
import { entryModeOf, isWatermelon, readOnlyReasons } from './rules';
import { valueFieldName, type CheckInInput } from './schemas';

type Ctx = Pick<OrgActionContext, 'tx' | 'actor' | 'audit' | 'organization' | 'today'>;

/**
 * A check-in: the period's values of the KPI's metrics (through the one
 * measurement writer, source `manual`), then the comment and confidence. A
 * check-in that leaves the KPI red must say what happened: the result is
 * computed inside the transaction after the values are written, and an empty
 * comment then rolls everything back with the error on the comment field.
 */
export async function recordCheckIn({ tx, actor, audit, organization, today }: Ctx, input: CheckInInput) {
  const [kpi] = await tx
    .select({ id: kpis.id, name: kpis.name, unitId: kpis.unitId, frequency: kpis.frequency, source: kpis.source, state: kpis.state })
    .from(kpis)
    .where(and(eq(kpis.organizationId, tx.organizationId), eq(kpis.id, input.kpiId)));
  if (!kpi) throw kpiNotFound();
  if (kpi.state !== 'active') throw new ExpectedError('Only live KPIs take check-ins; this one is a draft or retired.');

  const parsed = safeParsePeriodKey(input.periodKey, organization);
  if (!parsed.ok || parsed.period.kind !== kpi.frequency) {
    throw new ExpectedError('Please correct the highlighted fields.', { periodKey: [`Choose a period of this KPI's frequency (${kpi.frequency})`] });
  }
  const period = parsed.period;
  if (period.start > today) {
    throw new ExpectedError('Please correct the highlighted fields.', { periodKey: ['This period has not started yet'] });
  }

  const submitted = Object.entries(input.values);
  const fieldErrors: Record<string, string[]> = {};
  const writes: MeasurementWrite[] = [];
  if (submitted.length > 0) {
    if (kpi.source !== 'formula') throw new ExpectedError('A roll-up KPI has no values of its own: check in with a comment and a confidence.');
    const own = await tx
      .select({ id: metrics.id, key: metrics.key, frequency: metrics.frequency })
      .from(kpiMetrics)
      .innerJoin(metrics, and(eq(metrics.organizationId, kpiMetrics.organizationId), eq(metrics.id, kpiMetrics.metricId)))
      .where(and(eq(kpiMetrics.organizationId, tx.organizationId), eq(kpiMetrics.kpiId, kpi.id)));
    const byId = new Map(own.map((m) => [m.id, m]));
    const [{ inRange }, locks] = await Promise.all([getValuesAround(tx, own.map((m) => m.id), period, 0), listPeriodLocks(tx)]);
    for (const [metricId, value] of submitted) {
      const field = valueFieldName(metricId);
      const metric = byId.get(metricId);
      if (!metric) {
        fieldErrors[field] = ['This metric is not part of this KPI'];
        continue;
      }
      const stored = inRange.get(metricId) ?? [];
      const mode = entryModeOf(metric, period, stored.map((v) => v.date));
      if (!mode.editable) {
        fieldErrors[field] = [readOnlyReasons[mode.reason]];
        continue;
      }
      const locked = lockedPeriodOf(locks, mode.date);
      if (locked) {
        fieldErrors[field] = [lockedMessage(locked)];
        continue;
      }
      const current = stored.find((v) => v.date === mode.date);
      // The same number again changes nothing (and keeps the note it was recorded with).
      if (current && current.value === value) continue;
      writes.push({ metricId, metricKey: metric.key, date: mode.date, value, note: null });
    }
    if (Object.keys(fieldErrors).length > 0) throw new ExpectedError('Please correct the highlighted fields.', fieldErrors);
  }
  const counts = await writeMeasurements(tx, writes, { source: 'manual', userId: actor.userId, tokenId: null }, audit);

  const result = (await getKpiResults(tx, organization, [{ kpiId: kpi.id, ranges: [period] }], today)).get(kpi.id)?.get(period.key);
  const status = result?.status ?? 'no_data';
  if (status === 'off_track' && input.comment === '') {
    const message = 'The KPI is off track for this period: say what happened and what comes next';
    throw new ExpectedError('Please correct the highlighted fields.', { comment: [message] });
  }

  const [created] = await tx
    .insert(checkIns)
    .values({
      organizationId: tx.organizationId,
      kpiId: kpi.id,
      periodKey: period.key,
      confidence: input.confidence,
      comment: input.comment,
      createdBy: actor.userId,
    })
    .returning({ id: checkIns.id, createdAt: checkIns.createdAt });
  audit({
    action: 'kpi.check_in',
    entityType: 'kpi',
    entityId: kpi.id,
    unitId: kpi.unitId,
    after: { checkInId: created!.id, periodKey: period.key, confidence: input.confidence, comment: input.comment, status, values: writes.length },
  });
  return {
    checkInId: created!.id,
    periodKey: period.key,
    status,
    watermelon: isWatermelon(input.confidence, status),
    values: counts.inserted + counts.updated,
  };
}
