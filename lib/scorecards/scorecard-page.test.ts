import { eq, sql } from 'drizzle-orm';
import Papa from 'papaparse';
import { expect, it } from 'vitest';
import type { Database, TenantTx } from '@/db';
import { checkIns, goals, kpiMetrics, kpis, kpiTargets, metrics, orgUnits } from '@/db/schema';
import { countQueries, describeEachDatabase, makeOrganization } from '@/db/testing';
import { writeMeasurements } from '@/lib/metrics/measurement-batch';
import { getMembershipBySlug } from '@/lib/organizations/queries';
import { readPolicy } from '@/lib/organizations/policy';
import { parsePeriodKey } from '@/lib/periods';
import { readScorecardJson } from './scorecard-json';
import { getScorecardCsv, getScorecardPage } from './scorecard-page';

const now = new Date('2026-11-15T12:00:00Z');
const today = '2026-11-15';
const organization = { fiscalYearStartMonth: 1, policy: readPolicy({}) };
const october = parsePeriodKey('2026-10', organization);

/** Company → Marketing → Paid Media; `kpisPerTeam` formula KPIs on Paid Media, one on Marketing, a goal with an outcome. */
async function makeScorecardOrg(db: Database, name: string, kpisPerTeam = 1) {
  const org = await makeOrganization(db, name, ['owner', 'viewer', 'member']);
  const ids = await db.withTenant(org.id, async (tx) => {
    const [company] = await tx.select({ id: orgUnits.id }).from(orgUnits).where(sql`${orgUnits.parentId} is null`);
    const unit = async (parentId: string, kind: 'department' | 'team', unitName: string) =>
      (await tx.insert(orgUnits).values({ organizationId: org.id, parentId, kind, name: unitName }).returning({ id: orgUnits.id }))[0]!.id;
    const marketing = await unit(company!.id, 'department', 'Marketing');
    const paid = await unit(marketing, 'team', 'Paid Media');
    const archived = await unit(marketing, 'team', 'Old team');
    await tx.update(orgUnits).set({ archivedAt: new Date() }).where(eq(orgUnits.id, archived));
    const cpa = await addKpi(tx, marketing, 'Cost per acquisition', 'spend', [['2026-09-30', 6200], ['2026-10-31', 6500]], 60, 'down');
    const team: string[] = [];
    for (let i = 0; i < kpisPerTeam; i++) team.push(await addKpi(tx, paid, `Clicks ${i}`, `clicks_${i}`, [['2026-10-31', 80 + i]], 100, 'up'));
    await tx.insert(goals).values({ organizationId: org.id, unitId: marketing, title: 'Cheaper members', startDate: '2026-01-01', dueDate: '2026-12-31', outcomeKpiId: team[0]!, outcomeTarget: 1000 });
    // The owner says on track while the numbers say off track: a watermelon.
    await tx.insert(checkIns).values({ organizationId: org.id, kpiId: team[0]!, periodKey: '2026-10', confidence: 'on_track', comment: 'We will catch up' });
    return { company: company!.id, marketing, paid, archived, cpa, team };
  });
  return { ...org, ...ids };
}

async function addKpi(tx: TenantTx, unitId: string, name: string, key: string, values: [string, number][], target: number, direction: 'up' | 'down') {
  const [metric] = await tx
    .insert(metrics)
    .values({ organizationId: tx.organizationId, key, name: key, unit: 'count', aggregation: 'sum', frequency: 'month' })
    .returning({ id: metrics.id });
  await writeMeasurements(tx, values.map(([date, value]) => ({ metricId: metric!.id, metricKey: key, date, value, note: null })), { source: 'manual', userId: null, tokenId: null }, () => {});
  const [kpi] = await tx
    .insert(kpis)
    .values({ organizationId: tx.organizationId, unitId, name, unit: direction === 'down' ? 'currency' : 'count', currencyCode: direction === 'down' ? 'EUR' : null, frequency: 'month', indicator: 'lagging', horizon: 'strategic', state: 'active', direction, source: 'formula', formula: `{${key}}`, goalId: null })
    .returning({ id: kpis.id });
  await tx.insert(kpiMetrics).values({ organizationId: tx.organizationId, kpiId: kpi!.id, metricId: metric!.id });
  await tx.insert(kpiTargets).values(['2026-09', '2026-10'].map((periodKey) => ({ organizationId: tx.organizationId, kpiId: kpi!.id, periodKey, value: target })));
  return kpi!.id;
}

const memberOf = (db: Database, userId: string, slug: string) => db.withUser(userId, (tx) => getMembershipBySlug(tx, slug));
const withoutTime = (body: unknown) => ({ ...(body as object), computedAt: null });

describeEachDatabase('scorecard pages', (db) => {
  it('answers a viewer with the same scorecard as the owner: path, KPIs, units, goals with pace, watermelons', async () => {
    const org = await makeScorecardOrg(db(), 'Scorecard same shape');
    const owner = await memberOf(db(), org.byRole('owner').id, org.slug);
    const viewer = await memberOf(db(), org.byRole('viewer').id, org.slug);
    expect(viewer?.role).toBe('viewer');
    const forOwner = await readScorecardJson(db(), owner, org.marketing, '2026-10', now);
    const forViewer = await readScorecardJson(db(), viewer, org.marketing, '2026-10', now);
    expect(forOwner.status).toBe(200);
    expect(withoutTime(forViewer.body)).toEqual(withoutTime(forOwner.body));

    const page = forOwner.status === 200 ? forOwner.body : null;
    expect(page).toMatchObject({
      unit: { id: org.marketing, name: 'Marketing', kind: 'department' },
      path: [{ id: org.company, kind: 'company' }, { id: org.marketing, name: 'Marketing' }],
      period: { key: '2026-10', label: 'Oct 2026', kind: 'month' },
      // Only the live team: the archived one is not part of the scorecard.
      children: [{ unit: { name: 'Paid Media' }, status: 'off_track', kpiCount: 1 }],
      goals: [{ title: 'Cheaper members', outcome: { kpiName: 'Clicks 0', progress: { target: 1000, actual: 80 } } }],
      budget: { used: 1, limit: 10 },
      kpiCount: 2,
      overdueMetrics: [],
    });
    // 6,500 against 60 with lower-is-better: off track, after 6,200 in September.
    expect(page!.kpis.map((k) => [k.name, k.status, k.actual])).toEqual([['Cost per acquisition', 'off_track', 6500]]);
    expect(page!.periods).toHaveLength(12);
    // Lowest score first: 60 / 6,500 for the cost, 80 / 100 for the clicks, whose owner says on track.
    expect(page!.red.map((k) => [k.name, k.unitName, k.watermelon?.comment ?? null])).toEqual([
      ['Cost per acquisition', 'Marketing', null],
      ['Clicks 0', 'Paid Media', 'We will catch up'],
    ]);
  });

  it("answers 404 for another organization's unit, an archived or unknown unit, a malformed id and no member; 400 for a bad period", async () => {
    const org = await makeScorecardOrg(db(), 'Scorecard mine');
    const other = await makeScorecardOrg(db(), 'Scorecard theirs');
    const owner = await memberOf(db(), org.byRole('owner').id, org.slug);
    const notFound = { status: 404, body: { error: 'Not found' } };
    expect(await readScorecardJson(db(), owner, other.marketing, '2026-10', now)).toEqual(notFound);
    expect(await readScorecardJson(db(), owner, other.company, undefined, now)).toEqual(notFound);
    expect(await readScorecardJson(db(), owner, org.archived, '2026-10', now)).toEqual(notFound);
    expect(await readScorecardJson(db(), owner, '00000000-0000-4000-8000-000000000000', '2026-10', now)).toEqual(notFound);
    expect(await readScorecardJson(db(), owner, 'not-a-uuid', '2026-10', now)).toEqual(notFound);
    expect(await readScorecardJson(db(), null, org.marketing, '2026-10', now)).toEqual(notFound);
    // A member of the other organization asking for this one's slug has no membership here.
    expect(await memberOf(db(), other.byRole('owner').id, org.slug)).toBeNull();
    expect(await readScorecardJson(db(), owner, org.marketing, '2026-13', now)).toEqual({ status: 400, body: { error: expect.stringMatching(/Month must be 01–12/) } });
    expect(await readScorecardJson(db(), owner, org.marketing, ['2026-10', '2026-09'], now)).toMatchObject({ status: 400 });
    // Nothing of the other organization leaks into a scorecard through the company either.
    const company = await readScorecardJson(db(), owner, org.company, undefined, now);
    expect(company.status === 200 && company.body.kpis.length + company.body.children.length).toBe(1);
    expect(company.status === 200 && company.body.overdueMetrics.map((m) => m.name)).toEqual([]);
  });

  it('reads a scorecard page in the same number of queries for a small and a ten times larger unit', async () => {
    const small = await makeScorecardOrg(db(), 'Scorecard small', 1);
    const large = await makeScorecardOrg(db(), 'Scorecard large', 10);
    const count = (org: typeof small, unitId: string) =>
      db().withTenant(org.id, (tx) => countQueries(tx, () => getScorecardPage(tx, organization, { unitId, period: october, today })));
    const [a, b] = [await count(small, small.marketing), await count(large, large.marketing)];
    expect(b.result!.kpiCount).toBe(11);
    expect(b.queries).toBe(a.queries);
    const [c, d] = [await count(small, small.company), await count(large, large.company)];
    expect(d.queries).toBe(c.queries);
  });

  it('exports the whole subtree as CSV with the unit path from the company', async () => {
    const org = await makeScorecardOrg(db(), 'Scorecard export');
    const file = await db().withTenant(org.id, (tx) => getScorecardCsv(tx, organization, { unitId: org.paid, period: october, today }));
    const rows = Papa.parse<string[]>(file!.csv.slice(1), { skipEmptyLines: true }).data;
    expect(file!.unitName).toBe('Paid Media');
    expect(rows.map((r) => [r[0], r[2], r[3], r[7], r[12]])).toEqual([
      ['row', 'unit_path', 'name', 'actual', 'status'],
      ['unit', 'Scorecard export / Marketing / Paid Media', 'Paid Media', '', 'Off track'],
      ['kpi', 'Scorecard export / Marketing / Paid Media', 'Clicks 0', '80', 'Off track'],
    ]);
    expect(await db().withTenant(org.id, (tx) => getScorecardCsv(tx, organization, { unitId: org.archived, period: october, today }))).toBeNull();
  });
});
