import { createMetric } from '@/lib/metrics/mutations';
import { getMetricByKey, listMeasurements, listMetrics } from '@/lib/metrics/queries';
import { createMetricSchema } from '@/lib/metrics/schemas';
import { resolveBatch, writeMeasurements } from '@/lib/metrics/measurement-batch';
import { listGoals } from '@/lib/goals/queries';
import { listKpis } from '@/lib/kpis/queries';
import { getKpiResults } from '@/lib/kpis/results';
import { lastCompletedPeriod } from '@/lib/periods';
import { parseScorePeriodKey, type ScorecardPeriod } from '@/lib/results/periods';
import { readLatestResults } from '@/lib/results/store';
import { PeriodError } from '@/lib/periods';
import { explainKpi, explainUnit } from '@/lib/scorecards/explain';
import { getUnitScorecard } from '@/lib/scorecards/unit-scorecard';
import { getUnitParents, getUnitTree } from '@/lib/units/queries';
import { apiRoute, issuesToErrors, type ApiContext } from '../handler';
import { ApiError } from '../problem';
import {
  createMetricRequestSchema,
  goalsQuery,
  kpiIdParams,
  kpiQuery,
  kpisQuery,
  measurementsQuery,
  metricKeyParams,
  noQuery,
  pushMeasurementsSchema,
  scorecardQuery,
} from './schemas';

/** The v1 endpoints as plain handlers: app/api/v1/**\/route.ts pass requests in, tests call them directly. */

const notFound = () => new ApiError(404, 'Not found');

/** A unit id of this organization, or 404 (another organization's id reads as missing). */
async function assertUnit(ctx: ApiContext, unitId: string | undefined) {
  if (unitId && !(await getUnitParents(ctx.tx)).has(unitId)) throw notFound();
}

function periodOf(ctx: ApiContext, key: string): ScorecardPeriod {
  try {
    return parseScorePeriodKey(key, ctx.organization);
  } catch (error) {
    if (error instanceof PeriodError) throw new ApiError(400, 'The query is not valid.', [{ path: 'period', message: error.message }]);
    throw error;
  }
}

export const listUnitsHandler = apiRoute({
  scope: 'read',
  query: noQuery,
  run: async ({ tx }) => {
    const units = await getUnitTree(tx);
    return { data: units.filter((u) => !u.archivedAt).map((u) => ({ id: u.id, name: u.name, kind: u.kind, parentId: u.parentId })) };
  },
});

export const listGoalsHandler = apiRoute({
  scope: 'read',
  query: goalsQuery,
  run: async (ctx, { query }) => {
    await assertUnit(ctx, query.unit);
    const goals = await listGoals(ctx.tx, query.unit ? { unitIds: [query.unit] } : {});
    return {
      data: goals.map((g) => ({ id: g.id, unitId: g.unitId, title: g.title, startDate: g.startDate, dueDate: g.dueDate, parentGoalId: g.parentGoalId })),
    };
  },
});

const metricOut = (m: { id: string; key: string; name: string; unit: string; aggregation: string; frequency: string }) => ({
  id: m.id,
  key: m.key,
  name: m.name,
  unit: m.unit,
  aggregation: m.aggregation,
  frequency: m.frequency,
});

export const listMetricsHandler = apiRoute({
  scope: 'read',
  query: noQuery,
  run: async ({ tx }) => ({ data: (await listMetrics(tx)).map(metricOut) }),
});

export const createMetricHandler = apiRoute({
  scope: 'write',
  query: noQuery,
  body: createMetricRequestSchema,
  status: 201,
  run: async (ctx, { body }) => {
    // The same key and field rules as the form (currency code with currency, trimmed names).
    const parsed = createMetricSchema.safeParse({ ...body, ownerId: null });
    if (!parsed.success) throw new ApiError(422, 'The metric breaks the rules listed in errors; nothing was saved.', issuesToErrors(parsed.error));
    const metric = await createMetric(ctx, parsed.data);
    return metricOut(metric);
  },
});

export const listMeasurementsHandler = apiRoute({
  scope: 'read',
  params: metricKeyParams,
  query: measurementsQuery,
  run: async ({ tx }, { params, query }) => {
    if (query.from && query.to && query.from > query.to) {
      throw new ApiError(400, 'The query is not valid.', [{ path: 'from', message: 'from must not be after to' }]);
    }
    const metric = await getMetricByKey(tx, params.key);
    if (!metric) throw notFound();
    const rows = await listMeasurements(tx, metric.id, query);
    return { data: rows.map((r) => ({ date: r.date, value: r.value, note: r.note, source: r.source })) };
  },
});

export const pushMeasurementsHandler = apiRoute({
  scope: 'write',
  query: noQuery,
  body: pushMeasurementsSchema,
  idempotent: true,
  run: async (ctx, { body }) => {
    const items = body.measurements.map((m) => ({ metric: m.metric, date: m.date, value: m.value, note: m.note ?? null }));
    const { writes, issues } = await resolveBatch(ctx.tx, items);
    if (issues.length) {
      throw new ApiError(
        422,
        `${issues.length.toLocaleString('en-US')} of ${items.length.toLocaleString('en-US')} measurements cannot be written; nothing was saved.`,
        issues.map((i) => ({ path: `measurements[${i.index}].${i.field}`, message: i.message })),
      );
    }
    const { inserted, updated, unchanged } = await writeMeasurements(ctx.tx, writes, { source: 'api', userId: null, tokenId: ctx.token.id }, ctx.audit);
    return { inserted, updated, unchanged };
  },
});

const kpiOut = (k: { id: string; unitId: string; goalId: string | null; name: string; unit: string; direction: string; frequency: string }) => ({
  id: k.id,
  unitId: k.unitId,
  goalId: k.goalId,
  name: k.name,
  unit: k.unit,
  direction: k.direction,
  frequency: k.frequency,
});

/** Tokens see live KPIs only: drafts and retired ones are not part of the API. */
export const listKpisHandler = apiRoute({
  scope: 'read',
  query: kpisQuery,
  run: async (ctx, { query }) => {
    await assertUnit(ctx, query.unit);
    const kpis = await listKpis(ctx.tx, { states: ['active'], ...(query.unit ? { unitIds: [query.unit] } : {}) });
    const latest = await readLatestResults(ctx.tx, ctx.organization, kpis, ctx.today);
    const data = kpis.map((k) => ({ ...kpiOut(k), status: latest.get(k.id)?.result.status ?? 'no_data' }));
    return { data: query.status ? data.filter((k) => k.status === query.status) : data };
  },
});

export const getKpiHandler = apiRoute({
  scope: 'read',
  params: kpiIdParams,
  query: kpiQuery,
  run: async (ctx, { params, query }) => {
    const [kpi] = await listKpis(ctx.tx, { ids: [params.id], states: ['active'] });
    if (!kpi) throw notFound();
    const period = query.period ? periodOf(ctx, query.period) : lastCompletedPeriod(kpi.frequency, ctx.today, ctx.organization);
    const result = (await getKpiResults(ctx.tx, ctx.organization, [{ kpiId: kpi.id, ranges: [period] }], ctx.today)).get(kpi.id)?.get(period.key);
    // Tokens see no drafts: a draft contributor is listed as hidden (actor null).
    const explanation = query.explain ? await explainKpi(ctx.tx, ctx.organization, { kpiId: kpi.id, period, today: ctx.today, actor: null }) : null;
    return {
      data: {
        ...kpiOut(kpi),
        period: period.key,
        actual: result?.actual ?? null,
        target: result?.target ?? null,
        score: result?.score ?? null,
        status: result?.status ?? 'no_data',
        ...(explanation ? { explanation } : {}),
      },
    };
  },
});

export const scorecardHandler = apiRoute({
  scope: 'read',
  query: scorecardQuery,
  run: async (ctx, { query }) => {
    const period = query.period ? periodOf(ctx, query.period) : undefined;
    const scorecard = await getUnitScorecard(ctx.tx, ctx.organization, { unitId: query.unit, period, today: ctx.today });
    if (!scorecard) throw notFound();
    const explanation = query.explain ? await explainUnit(ctx.tx, ctx.organization, { unitId: scorecard.unit.id, period: periodOf(ctx, scorecard.period), today: ctx.today }) : null;
    // Only an archived unit has a scorecard but no explanation: explanations exist for live units only.
    if (query.explain && !explanation) throw notFound();
    return {
      ...scorecard,
      kpis: scorecard.kpis.map((k) => ({ id: k.id, name: k.name, actual: k.actual, target: k.target, score: k.score, status: k.status, stale: k.stale, trend: k.trend })),
      ...(explanation ? { explanation } : {}),
    };
  },
});
