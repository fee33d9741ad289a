import { and, eq, like } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TenantTx } from '.';
import { auditLog, emailOutbox, goals, kpiLinks, kpiMetrics, kpiProposals, kpis, measurements, metrics, organizations, orgUnits, proposalVotes, users } from './schema';
import { overdueDemoMetric, watermelonDemoKpi } from './seed-data-in';
import { demoOrganization, seedDemo } from './seed';
import { buildPerformancePlan } from './seed-performance';
import { describeEachDatabase } from './testing';
import { groupBy } from '@/lib/collections';
import { formulaReferences, parseFormula, printFormula } from '@/lib/formula';
import { getMyUpdates } from '@/lib/check-ins/my-updates';
import { getLatestCheckIns } from '@/lib/check-ins/queries';
import { isWatermelon } from '@/lib/check-ins/rules';
import { getKpiResults } from '@/lib/kpis/results';
import { getMetricStaleness } from '@/lib/metrics/staleness-queries';
import { readPolicy, type OrganizationPolicy } from '@/lib/organizations/policy';
import { fiscalYearOf, lastCompletedPeriod, organizationToday, parsePeriodKey, periodsOfFiscalYear, shiftPeriod } from '@/lib/periods';
import { yearToDate } from '@/lib/results/periods';
import { getOrgScorecard } from '@/lib/scorecards/org-scorecard';

const activeKpis = [
  'New paying members',
  'Cost per acquisition',
  'Return on ad spend',
  'Conversion rate',
  'Qualified leads',
  'Cost per click',
  'Paid conversion rate',
  'Social media likes',
  'Agent sales, East',
  'Agent sales, West',
  'Sales',
  'Pipeline value',
  'Revenue',
  'Employee churn rate',
  'CSAT',
  'Average response time',
];
const draftKpis = ['Website visitors', 'Average deal value'];

/**
 * The demo must tell its story whatever day `npm start` runs: this suite seeds
 * at the clock's date (read once), and CI runs it again under faketime on the
 * awkward days (.ci/test-dates).
 */
const now = new Date();
const today = organizationToday({ timeZone: 'UTC' }, now);

describeEachDatabase('demo seed', (db) => {
  let organization: { id: string; policy: OrganizationPolicy; fiscalYearStartMonth: number };
  let kpiRows: (typeof kpis.$inferSelect)[];
  const kpiNamed = (name: string) => {
    const found = kpiRows.find((k) => k.name === name);
    if (!found) throw new Error(`No KPI named ${name}`);
    return found;
  };
  const inTenant = <T>(fn: (tx: TenantTx) => Promise<T>) => db().withTenant(organization.id, fn);

  beforeAll(async () => {
    await seedDemo(db(), undefined, now);
    const [row] = await db()
      .owner.select({ id: organizations.id, policy: organizations.policy, fiscalYearStartMonth: organizations.fiscalYearStartMonth })
      .from(organizations)
      .where(eq(organizations.slug, demoOrganization.slug));
    organization = { ...row!, policy: readPolicy(row!.policy) };
    kpiRows = await inTenant((tx) => tx.select().from(kpis).where(eq(kpis.organizationId, tx.organizationId)));
  });

  it('creates the company goal for this year, with its outcome, and aligns the department goals to it', async () => {
    const year = today.slice(0, 4);
    const rows = await inTenant((tx) =>
      tx
        .select({ id: goals.id, title: goals.title, parentGoalId: goals.parentGoalId, outcomeKpiId: goals.outcomeKpiId, outcomeTarget: goals.outcomeTarget, startDate: goals.startDate, dueDate: goals.dueDate, unitKind: orgUnits.kind })
        .from(goals)
        .innerJoin(orgUnits, and(eq(orgUnits.organizationId, goals.organizationId), eq(orgUnits.id, goals.unitId)))
        .where(eq(goals.organizationId, tx.organizationId)),
    );
    const company = rows.find((g) => g.title === '2,000 new paying members');
    expect(company).toMatchObject({ unitKind: 'company', parentGoalId: null, outcomeKpiId: kpiNamed('New paying members').id, outcomeTarget: 2000, startDate: `${year}-01-01`, dueDate: `${year}-12-31` });
    for (const title of ['Fill the funnel with qualified leads', 'Convert leads into paying members', 'Members who stay and recommend us']) {
      expect(rows.find((g) => g.title === title)).toMatchObject({ unitKind: 'department', parentGoalId: company!.id });
    }
    const teamGoals = rows.filter((g) => g.unitKind === 'team');
    expect(teamGoals.length).toBeGreaterThanOrEqual(2);
    for (const goal of teamGoals) expect(rows.find((g) => g.id === goal.parentGoalId)?.unitKind).toBe('department');
  });

  it('has one proposal waiting for approval and one with an objection', async () => {
    const rows = await inTenant((tx) =>
      tx
        .select({ kpiId: kpiProposals.kpiId, state: kpiProposals.state, consensusAt: kpiProposals.consensusAt, number: kpiProposals.number })
        .from(kpiProposals)
        .where(eq(kpiProposals.organizationId, tx.organizationId)),
    );
    expect(rows.find((p) => p.kpiId === kpiNamed('Website visitors').id)).toMatchObject({ state: 'in_review', number: 1, consensusAt: expect.any(Date) });
    expect(rows.find((p) => p.kpiId === kpiNamed('Average deal value').id)).toMatchObject({ state: 'in_review', consensusAt: null });
    const objections = await inTenant((tx) => tx.select().from(proposalVotes).where(eq(proposalVotes.choice, 'object')));
    expect(objections).toHaveLength(1);
    expect(objections[0]!.comment).toMatch(/median/);
  });

  it('makes the named KPIs live and leaves the proposals as drafts', () => {
    expect(kpiRows.map((k) => k.name).sort()).toEqual([...activeKpis, ...draftKpis].sort());
    for (const name of activeKpis) expect(kpiNamed(name).state, name).toBe('active');
    for (const name of draftKpis) expect(kpiNamed(name).state, name).toBe('draft');
  });

  it('ties every live KPI to a goal except the vanity one', () => {
    expect(kpiNamed('Social media likes').goalId).toBeNull();
    for (const name of activeKpis.filter((n) => n !== 'Social media likes')) expect(kpiNamed(name).goalId, name).not.toBeNull();
  });

  it('keeps within the vital-few defaults', async () => {
    const units = await inTenant((tx) => tx.select({ id: orgUnits.id, kind: orgUnits.kind }).from(orgUnits).where(eq(orgUnits.organizationId, tx.organizationId)));
    const kindOf = new Map(units.map((u) => [u.id, u.kind]));
    const live = kpiRows.filter((k) => k.state === 'active');
    for (const [unitId, list] of groupBy(live, (k) => k.unitId)) {
      const kind = kindOf.get(unitId);
      if (kind === 'company') expect(list.length).toBeLessThanOrEqual(5);
      if (kind === 'department') expect(list.length).toBeLessThanOrEqual(10);
      if (kind === 'team') for (const perGoal of groupBy(list, (k) => k.goalId).values()) expect(perGoal.length).toBeLessThanOrEqual(2);
    }
  });

  it('stores formulas in canonical form, with kpi_metrics matching their references', async () => {
    const refs = await inTenant((tx) =>
      tx
        .select({ kpiId: kpiMetrics.kpiId, key: metrics.key })
        .from(kpiMetrics)
        .innerJoin(metrics, and(eq(metrics.organizationId, kpiMetrics.organizationId), eq(metrics.id, kpiMetrics.metricId)))
        .where(eq(kpiMetrics.organizationId, tx.organizationId)),
    );
    const keysByKpi = groupBy(refs, (r) => r.kpiId);
    for (const kpi of kpiRows.filter((k) => k.source === 'formula')) {
      const ast = parseFormula(kpi.formula!);
      expect(printFormula(ast), kpi.name).toBe(kpi.formula);
      expect((keysByKpi.get(kpi.id) ?? []).map((r) => r.key).sort(), kpi.name).toEqual(formulaReferences(ast).sort());
    }
    expect(kpiNamed('Employee churn rate').formula).toBe('{leavers} / {headcount} * 100');

    const sales = kpiNamed('Sales');
    expect(sales).toMatchObject({ source: 'rollup', rollupMethod: 'sum', formula: null });
    const links = await inTenant((tx) => tx.select().from(kpiLinks).where(and(eq(kpiLinks.organizationId, tx.organizationId), eq(kpiLinks.parentKpiId, sales.id))));
    expect(links.map((l) => [l.childKpiId, l.weight]).sort()).toEqual(
      [[kpiNamed('Agent sales, East').id, 1], [kpiNamed('Agent sales, West').id, 1]].sort(),
    );
  });

  it('records paid sign-ups for each of the last twelve completed months', async () => {
    const cal = { fiscalYearStartMonth: organization.fiscalYearStartMonth };
    const last = lastCompletedPeriod('month', today, cal);
    const values = await inTenant((tx) =>
      tx
        .select({ date: measurements.date, value: measurements.value })
        .from(measurements)
        .innerJoin(metrics, and(eq(metrics.organizationId, measurements.organizationId), eq(metrics.id, measurements.metricId)))
        .where(and(eq(measurements.organizationId, tx.organizationId), eq(metrics.key, 'paid_signups'))),
    );
    for (let ago = 0; ago < 12; ago++) {
      const month = shiftPeriod(last, -ago, cal);
      const inMonth = values.filter((v) => v.date >= month.start && v.date <= month.end);
      expect(inMonth, month.key).toEqual([{ date: month.end, value: expect.any(Number) }]);
      expect(inMonth[0]!.value).toBeGreaterThan(100);
    }
    expect(values.every((v) => v.date < today)).toBe(true);
  });

  it('shows some units on track and some red for the last completed month', async () => {
    const month = lastCompletedPeriod('month', today, { fiscalYearStartMonth: organization.fiscalYearStartMonth });
    const names = ['Agent sales, East', 'Agent sales, West', 'Employee churn rate', 'CSAT', 'Average response time', 'Cost per acquisition', 'New paying members', 'Sales'];
    const results = await inTenant((tx) =>
      getKpiResults(tx, organization, names.map((name) => ({ kpiId: kpiNamed(name).id, ranges: [month] })), today),
    );
    const result = (name: string) => results.get(kpiNamed(name).id)!.get(month.key)!;
    expect(result('Agent sales, East').status).toBe('on_track');
    expect(result('Agent sales, West').status).toBe('off_track');
    expect(result('Employee churn rate').status).toBe('off_track');
    expect(result('CSAT').status).toBe('on_track');
    expect(result('Average response time')).toMatchObject({ status: 'at_risk', target: { low: 0, high: 60 } });
    expect(result('Cost per acquisition').status).toBe('at_risk');
    expect(result('Sales').status).toBe('off_track');
    expect(result('New paying members').actual).toEqual(expect.any(Number));
  });

  it('scores every department on the last completed quarter, fiscal year and year to date, with derived targets where none is set', async () => {
    const cal = { fiscalYearStartMonth: organization.fiscalYearStartMonth };
    const month = lastCompletedPeriod('month', today, cal);
    // The fiscal year of the last completed month: on the first days of a year, the one just ended.
    const fiscalYear = fiscalYearOf(month.end, cal);
    const periods = [lastCompletedPeriod('quarter', today, cal), parsePeriodKey(String(fiscalYear), cal), yearToDate(fiscalYear, cal)];
    for (const period of periods) {
      const card = (await inTenant((tx) => getOrgScorecard(tx, organization, { period, today })))!;
      const departments = card.units.filter((u) => u.unit.kind === 'department');
      expect(departments.length, period.key).toBeGreaterThan(0);
      for (const d of departments) expect(d.score, `${d.unit.name} for ${period.key}`).not.toBeNull();
      expect(card.units[0]!.coverage, period.key).toBe(1);
      // The seed plans explicit year targets; quarters and the year to date derive theirs from the months.
      if (period.kind !== 'year') expect(card.kpis.some((k) => k.target && k.derivation), period.key).toBe(true);
    }
  });

  it('has one value overdue, owed by the analyst Sam Okafor', async () => {
    const sam = await inTenant(async (tx) => (await tx.select({ userId: users.id }).from(users).where(eq(users.email, overdueDemoMetric.owner)))[0]!.userId);
    const [staleness, updates] = await inTenant((tx) =>
      Promise.all([getMetricStaleness(tx, organization, today), getMyUpdates(tx, organization, { userId: sam, role: 'member', headOf: [] }, today)]),
    );
    const overdue = [...staleness.values()].filter((s) => s.overdue);
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.ownerId).toBe(sam);
    expect(updates.overdue.map((o) => o.key)).toEqual([overdueDemoMetric.key]);
    expect(updates.overdue[0]!.history).toHaveLength(3);
  });

  it("has Sam's overdue digest waiting in the outbox, and only his", async () => {
    const digests = await db().withoutTenant((tx) => tx.select().from(emailOutbox).where(like(emailOutbox.subject, '%overdue%')));
    expect(digests.map((d) => d.to)).toEqual([overdueDemoMetric.owner]);
    expect(digests[0]!.text).toContain('/updates');
  });

  it('has a watermelon: West says on track for the last completed month, the numbers say off track', async () => {
    const month = lastCompletedPeriod('month', today, { fiscalYearStartMonth: organization.fiscalYearStartMonth });
    const kpi = kpiNamed(watermelonDemoKpi.name);
    const [latest, results] = await inTenant((tx) =>
      Promise.all([getLatestCheckIns(tx, [{ kpiId: kpi.id, periodKey: month.key }]), getKpiResults(tx, organization, [{ kpiId: kpi.id, ranges: [month] }], today)]),
    );
    const checkIn = latest.get(`${kpi.id}|${month.key}`);
    expect(checkIn).toMatchObject({ confidence: 'on_track', comment: watermelonDemoKpi.comment, authorName: 'Luca Rossi' });
    expect(isWatermelon(checkIn?.confidence, results.get(kpi.id)?.get(month.key)?.status)).toBe(true);
  });

  it('summarises what it created in the audit log, without an actor', async () => {
    const entries = await inTenant((tx) => tx.select().from(auditLog).where(and(eq(auditLog.organizationId, tx.organizationId), eq(auditLog.entityType, 'kpi'))));
    expect(entries.every((e) => e.actorUserId === null)).toBe(true);
    expect(entries.filter((e) => e.action === 'kpi.create')).toHaveLength(kpiRows.length);
    expect(entries.filter((e) => e.action === 'kpi.activate')).toHaveLength(activeKpis.length);
  });
});

describe('demo performance plan', () => {
  const cal = { fiscalYearStartMonth: 1 };

  it.each(['2026-01-01', '2026-01-02', '2028-02-29', '2026-07-01', '2026-11-25', '2026-12-31'])('has a full, past-only year of values on %s', (today) => {
    const plan = buildPerformancePlan(today, cal);
    expect(plan.months).toHaveLength(12);
    expect(plan.months.at(-1)!.end < today).toBe(true);
    for (const v of plan.measurements) {
      expect(Number.isFinite(v.value), `${v.metric} ${v.date}`).toBe(true);
      expect(v.date < today, `${v.metric} ${v.date}`).toBe(true);
    }
    const byMetric = groupBy(plan.measurements, (v) => v.metric);
    for (const metric of plan.metrics) {
      const values = byMetric.get(metric.key) ?? [];
      expect(new Set(values.map((v) => v.date)).size, metric.key).toBe(values.length);
      for (const month of plan.months) expect(values.some((v) => v.date >= month.start && v.date <= month.end), `${metric.key} ${month.key}`).toBe(true);
    }
  });

  it('plans every period of last and this fiscal year, with bands for the within KPI', () => {
    const plan = buildPerformancePlan('2026-11-25', cal);
    for (const kpi of plan.kpis) {
      const keys = new Set(kpi.targets.map((t) => t.periodKey));
      for (const fy of [2025, 2026]) {
        expect(keys.has(String(fy)), `${kpi.name} ${fy}`).toBe(true);
        for (const period of periodsOfFiscalYear(fy, kpi.frequency, cal)) expect(keys.has(period.key), `${kpi.name} ${period.key}`).toBe(true);
      }
      for (const { target } of kpi.targets) expect('low' in target, kpi.name).toBe(kpi.direction === 'within');
    }
    const members = plan.kpis.find((k) => k.name === 'New paying members')!;
    const months2026 = members.targets.filter((t) => t.periodKey.startsWith('2026-'));
    expect(months2026.reduce((s, t) => s + ('value' in t.target ? t.target.value : 0), 0)).toBe(2000);
  });
});
