import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db';
import { auditLog, goals, kpiLinks, kpiMetrics, kpis, kpiTargets, measurements, metrics, orgUnits, unitMemberships } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import type { z } from 'zod';
import { runOrgAction, type OrgActionDefinition } from '@/lib/action-runner';
import { readPolicy } from '@/lib/organizations/policy';
import { unitActions } from '@/lib/units/actions';
import { kpiActions } from './actions';
import { activateKpi } from './mutations';
import { getKpiDetail } from './queries';
import { getKpiResults } from './results';

type Org = Awaited<ReturnType<typeof makeOrganization>>;

/** An organization with a department, a team under it, metrics and a goal — the world every case starts from. */
async function world(db: Database, name: string) {
  const org = await makeOrganization(db, name, ['owner', 'admin', 'member', 'member', 'member', 'viewer']);
  const [head, teamMember, outsider] = org.people.filter((p) => p.role === 'member').map((p) => p.id);
  return db.withTenant(org.id, async (tx) => {
    const [company] = await tx.select().from(orgUnits);
    const [dept] = await tx.insert(orgUnits).values({ organizationId: org.id, parentId: company!.id, kind: 'department', name: 'Marketing' }).returning();
    const [team] = await tx.insert(orgUnits).values({ organizationId: org.id, parentId: dept!.id, kind: 'team', name: 'Paid Media' }).returning();
    const [other] = await tx.insert(orgUnits).values({ organizationId: org.id, parentId: company!.id, kind: 'department', name: 'Sales' }).returning();
    await tx.insert(unitMemberships).values([
      { organizationId: org.id, unitId: dept!.id, userId: head!, role: 'head' },
      { organizationId: org.id, unitId: team!.id, userId: teamMember!, role: 'member' },
    ]);
    const inserted = await tx
      .insert(metrics)
      .values(
        ['visitors', 'paid_signups', 'ad_spend'].map((key) => ({
          organizationId: org.id,
          key,
          name: key,
          unit: key === 'ad_spend' ? ('currency' as const) : ('count' as const),
          currencyCode: key === 'ad_spend' ? 'EUR' : null,
          aggregation: 'sum' as const,
          frequency: 'month' as const,
        })),
      )
      .returning();
    const metricId = Object.fromEntries(inserted.map((m) => [m.key, m.id]));
    const [goal] = await tx
      .insert(goals)
      .values({ organizationId: org.id, unitId: dept!.id, title: '2,000 new paying members', startDate: '2026-01-01', dueDate: '2026-12-31' })
      .returning();
    return {
      org,
      users: { owner: org.byRole('owner').id, admin: org.byRole('admin').id, head: head!, teamMember: teamMember!, outsider: outsider!, viewer: org.byRole('viewer').id },
      units: { company: company!.id, dept: dept!.id, team: team!.id, other: other!.id },
      metricId,
      goalId: goal!.id,
    };
  });
}

type World = Awaited<ReturnType<typeof world>>;

const conversion = (w: World, extra: object = {}) => ({
  unitId: w.units.dept,
  goalId: w.goalId,
  name: 'Conversion rate',
  description: 'Share of website visitors who become paying members',
  ownerId: w.users.head,
  unit: 'percent',
  direction: 'up',
  frequency: 'month',
  indicator: 'lagging',
  horizon: 'strategic',
  source: 'formula',
  formula: '{paid_signups}/{visitors}*100',
  ...extra,
});

async function dump(db: Database) {
  const tables = ['kpis', 'kpi_links', 'kpi_metrics', 'kpi_targets', 'audit_log'];
  return Promise.all(tables.map(async (t) => JSON.stringify(await db.owner.execute(sql.raw(`select * from ${t} order by 1, 2, 3`)))));
}

describeEachDatabase('KPIs', (db) => {
  let w: World;
  let b: World;
  const act = <S extends z.ZodType, T>(user: string, definition: OrgActionDefinition<S, T>, input: object, org: Org = w.org) =>
    runOrgAction(db(), user, org.slug, definition, input);
  const create = async (input: object, user = w.users.head) => {
    const result = await act(user, kpiActions.create, input);
    if (!result.ok) throw new Error(JSON.stringify(result));
    return result.data;
  };

  beforeAll(async () => {
    w = await world(db(), 'KPI Co');
    b = await world(db(), 'Other Co');
  });

  describe('drafting', () => {
    it('creates a draft with its canonical formula, metric references and an audit entry', async () => {
      const kpi = await create(conversion(w));
      expect(kpi).toMatchObject({ state: 'draft', formula: '{paid_signups} / {visitors} * 100', version: 1, createdBy: w.users.head });
      const refs = await db().withTenant(w.org.id, (tx) => tx.select().from(kpiMetrics).where(eq(kpiMetrics.kpiId, kpi.id)));
      expect(refs.map((r) => r.metricId).sort()).toEqual([w.metricId.paid_signups, w.metricId.visitors].sort());
      const [entry] = await db().withTenant(w.org.id, (tx) => tx.select().from(auditLog).where(eq(auditLog.entityId, kpi.id)));
      expect(entry).toMatchObject({ action: 'kpi.create', actorUserId: w.users.head, unitId: w.units.dept });
    });

    it('shows where a formula breaks and names unknown metrics, writing nothing', async () => {
      const before = await dump(db());
      const broken = await act(w.users.head, kpiActions.create, conversion(w, { formula: '{paid_signups} / * 100' }));
      expect(broken).toMatchObject({ ok: false, code: 'invalid' });
      expect(!broken.ok && broken.fieldErrors?.formula?.[0]).toMatch(/at character 18, found "\*"/);
      const unknown = await act(w.users.head, kpiActions.create, conversion(w, { formula: '{paid_signups} / {visits}' }));
      expect(!unknown.ok && unknown.fieldErrors?.formula?.[0]).toMatch(/Unknown metric \{visits\} at character 18/);
      expect(await dump(db())).toEqual(before);
    });

    it('refuses NaN, Infinity and non-numbers with the field’s error', async () => {
      for (const bad of ['NaN', 'Infinity', '-Infinity', 'abc', '1e999']) {
        const result = await act(w.users.head, kpiActions.create, conversion(w, { baselineValue: bad }));
        expect(result.ok).toBe(false);
        expect(!result.ok && result.fieldErrors?.baselineValue?.length, bad).toBeGreaterThan(0);
      }
    });

    it('edits a draft with compare-and-set: a stale version is refused and nothing is lost', async () => {
      const kpi = await create(conversion(w, { name: 'Edit me' }));
      const first = await act(w.users.head, kpiActions.update, { ...conversion(w, { name: 'Edited' }), kpiId: kpi.id, version: 1 });
      expect(first).toMatchObject({ ok: true, data: { name: 'Edited', version: 2 } });
      const stale = await act(w.users.admin, kpiActions.update, { ...conversion(w, { name: 'Lost?' }), kpiId: kpi.id, version: 1 });
      expect(stale).toMatchObject({ ok: false, code: 'conflict' });
      expect(!stale.ok && stale.error).toMatch(/changed since you opened it/);
      const [row] = await db().withTenant(w.org.id, (tx) => tx.select().from(kpis).where(eq(kpis.id, kpi.id)));
      expect(row?.name).toBe('Edited');
    });

    it('leaves live KPIs to the approval workflow', async () => {
      const kpi = await create(conversion(w, { name: 'Live one' }));
      await db().withTenant(w.org.id, (tx) => activateKpi(tx, kpi.id));
      const result = await act(w.users.owner, kpiActions.update, { ...conversion(w, { name: 'Changed' }), kpiId: kpi.id, version: 2 });
      expect(result).toMatchObject({ ok: false, code: 'conflict' });
      expect(!result.ok && result.error).toMatch(/only through an approved proposal/);
    });
  });

  describe('roll-ups', () => {
    it('refuses a cycle and names it', async () => {
      const east = await create(conversion(w, { name: 'East', unit: 'count', formula: '{paid_signups}' }));
      const total = await create(conversion(w, { name: 'Total', unit: 'count', source: 'rollup', rollupMethod: 'sum', formula: '', contributors: JSON.stringify([{ kpiId: east.id, weight: 1 }]) }));
      const result = await act(w.users.head, kpiActions.update, {
        ...conversion(w, { name: 'East', unit: 'count', source: 'rollup', rollupMethod: 'sum', formula: '', contributors: [{ kpiId: total.id, weight: 1 }] }),
        kpiId: east.id,
        version: 1,
      });
      expect(result).toMatchObject({ ok: false, code: 'invalid' });
      expect(!result.ok && result.fieldErrors?.contributors?.[0]).toBe('These contributors would make a cycle: East → Total → East.');
    });

    it('refuses a sum over KPIs of different units', async () => {
      const count = await create(conversion(w, { name: 'Signups', unit: 'count', formula: '{paid_signups}' }));
      const money = await create(conversion(w, { name: 'Spend', unit: 'currency', currencyCode: 'EUR', formula: '{ad_spend}' }));
      const result = await act(w.users.head, kpiActions.create, conversion(w, {
        name: 'Nonsense',
        unit: 'count',
        source: 'rollup',
        rollupMethod: 'sum',
        contributors: [{ kpiId: count.id, weight: 1 }, { kpiId: money.id, weight: 1 }],
      }));
      expect(!result.ok && result.fieldErrors?.rollupMethod?.[0]).toBe('A sum cannot add Spend (EUR) to Signups (count). Use an average, or choose KPIs of one unit.');
    });
  });

  describe('targets', () => {
    it('sets a year of monthly targets, clears blanks and refuses periods that do not exist', async () => {
      const kpi = await create(conversion(w, { name: 'Targeted' }));
      const months = Array.from({ length: 12 }, (_, i) => ({ periodKey: `2026-${String(i + 1).padStart(2, '0')}`, value: String(3 + i / 10) }));
      const ok = await act(w.users.head, kpiActions.setTargets, { kpiId: kpi.id, version: 1, targets: JSON.stringify([...months, { periodKey: '2026', value: '3.5' }]) });
      expect(ok).toMatchObject({ ok: true, data: { set: 13 } });
      const bad = await act(w.users.head, kpiActions.setTargets, {
        kpiId: kpi.id,
        version: 2,
        targets: [{ periodKey: '2026-13', value: '1' }, { periodKey: '2026-W05', value: '1' }, { periodKey: '2026-02', value: '4' }],
      });
      expect(bad).toMatchObject({ ok: false });
      expect(!bad.ok && bad.fieldErrors).toEqual({
        'targets.0.periodKey': [expect.stringMatching(/^2026-13 is not a period/)],
        'targets.1.periodKey': ['2026-W05 is a week; this KPI is reviewed by month (or by year)'],
      });
      const notANumber = await act(w.users.head, kpiActions.setTargets, { kpiId: kpi.id, version: 2, targets: [{ periodKey: '2026-02', value: 'NaN' }] });
      expect(!notANumber.ok && Object.keys(notANumber.fieldErrors ?? {})).toEqual(['targets.0.value']);
      const cleared = await act(w.users.head, kpiActions.setTargets, { kpiId: kpi.id, version: 2, targets: [{ periodKey: '2026-01', value: '' }] });
      expect(cleared).toMatchObject({ ok: true, data: { set: 0, cleared: 1 } });
      const rows = await db().withTenant(w.org.id, (tx) => tx.select().from(kpiTargets).where(eq(kpiTargets.kpiId, kpi.id)));
      expect(rows).toHaveLength(12);
    });

    it('needs both ends of the band for within KPIs', async () => {
      const kpi = await create(conversion(w, { name: 'Response time', unit: 'duration', direction: 'within', formula: '{visitors}' }));
      const half = await act(w.users.head, kpiActions.setTargets, { kpiId: kpi.id, version: 1, targets: [{ periodKey: '2026-03', low: '10' }] });
      expect(!half.ok && half.fieldErrors?.['targets.0.high']).toEqual(['Enter both ends of the band']);
      const band = await act(w.users.head, kpiActions.setTargets, { kpiId: kpi.id, version: 1, targets: [{ periodKey: '2026-03', low: '10', high: '20' }] });
      expect(band.ok).toBe(true);
    });
  });

  describe('actuals and scores', () => {
    it('combines each metric over the period, applies the formula and scores it; a missing metric is no data, never 0', async () => {
      const kpi = await create(conversion(w, { name: 'Scored' }));
      await db().withTenant(w.org.id, async (tx) => {
        await tx.insert(measurements).values([
          { organizationId: w.org.id, metricId: w.metricId.paid_signups!, date: '2026-03-10', value: 20, source: 'manual' },
          { organizationId: w.org.id, metricId: w.metricId.paid_signups!, date: '2026-03-20', value: 25, source: 'manual' },
          { organizationId: w.org.id, metricId: w.metricId.visitors!, date: '2026-03-31', value: 1500, source: 'manual' },
          { organizationId: w.org.id, metricId: w.metricId.paid_signups!, date: '2026-04-05', value: 30, source: 'manual' },
        ]);
        await tx.insert(kpiTargets).values([
          { organizationId: w.org.id, kpiId: kpi.id, periodKey: '2026-03', value: 3.2 },
          { organizationId: w.org.id, kpiId: kpi.id, periodKey: '2026-04', value: 3.2 },
        ]);
      });
      const results = await db().withTenant(w.org.id, (tx) =>
        getKpiResults(tx, { fiscalYearStartMonth: 1, policy: readPolicy({}) }, [
          {
            kpiId: kpi.id,
            ranges: [
              { kind: 'month', key: '2026-03', start: '2026-03-01', end: '2026-03-31' },
              { kind: 'month', key: '2026-04', start: '2026-04-01', end: '2026-04-30' },
            ],
          },
        ], '2026-06-01'),
      );
      const march = results.get(kpi.id)!.get('2026-03')!;
      expect(march.actual).toBeCloseTo(3); // 45 / 1500 * 100
      expect(march.score).toBeCloseTo(3 / 3.2);
      expect(march.status).toBe('at_risk');
      expect(march.inputs).toEqual({ paid_signups: 45, visitors: 1500 });
      expect(results.get(kpi.id)!.get('2026-04')).toMatchObject({ actual: null, score: null, status: 'no_data' });
    });

    it('rolls contributors up with weights, skipping those without data for averages', async () => {
      const a = await create(conversion(w, { name: 'Signups A', unit: 'count', formula: '{paid_signups}' }));
      const c = await create(conversion(w, { name: 'Spend C', unit: 'count', formula: '{ad_spend}' }));
      const avg = await create(conversion(w, {
        name: 'Weighted',
        unit: 'count',
        source: 'rollup',
        rollupMethod: 'weighted_average',
        contributors: [{ kpiId: a.id, weight: 3 }, { kpiId: c.id, weight: 1 }],
      }));
      const sum = await create(conversion(w, { name: 'Summed', unit: 'count', source: 'rollup', rollupMethod: 'sum', contributors: [{ kpiId: a.id, weight: 1 }, { kpiId: c.id, weight: 1 }] }));
      const march = { kind: 'month' as const, key: '2026-03', start: '2026-03-01', end: '2026-03-31' };
      const results = await db().withTenant(w.org.id, (tx) =>
        getKpiResults(tx, { fiscalYearStartMonth: 1, policy: readPolicy({}) }, [{ kpiId: avg.id, ranges: [march] }, { kpiId: sum.id, ranges: [march] }], '2026-06-01'),
      );
      expect(results.get(avg.id)!.get('2026-03')!.actual).toBe(45); // ad_spend has no value: skipped, not 0
      expect(results.get(sum.id)!.get('2026-03')!.actual).toBeNull(); // a partial sum would count the missing one as 0
    });
  });

  describe('another organization', () => {
    it('is not found for every reference, and nothing is written', async () => {
      const other = await db().withTenant(b.org.id, async (tx) => {
        const [kpi] = await tx
          .insert(kpis)
          .values({ organizationId: b.org.id, unitId: b.units.dept, name: 'Theirs', unit: 'count', direction: 'up', frequency: 'month', indicator: 'lagging', horizon: 'strategic', source: 'formula', formula: '{visitors}' })
          .returning();
        return kpi!;
      });
      const before = await dump(db());
      const cases: [string, object][] = [
        ['unitId', conversion(w, { unitId: b.units.dept })],
        ['goalId', conversion(w, { goalId: b.goalId })],
        ['ownerId', conversion(w, { ownerId: b.users.owner })],
        ['contributors', conversion(w, { source: 'rollup', rollupMethod: 'average', contributors: [{ kpiId: other.id, weight: 1 }] })],
      ];
      for (const [field, input] of cases) {
        const result = await act(w.users.owner, kpiActions.create, input);
        expect(result, field).toMatchObject({ ok: false, code: 'not_found' });
      }
      // Another organization's metric key is just an unknown metric here.
      const metricResult = await act(w.users.owner, kpiActions.create, conversion(w, { formula: '{visitors} + {b_only}' }));
      expect(metricResult).toMatchObject({ ok: false, code: 'invalid' });
      const onTheirs: [OrgActionDefinition<never, unknown>, object][] = [
        [kpiActions.update as never, { ...conversion(w), kpiId: other.id, version: 1 }],
        [kpiActions.setTargets as never, { kpiId: other.id, version: 1, targets: [] }],
        [kpiActions.delete as never, { kpiId: other.id, version: 1 }],
      ];
      for (const [definition, input] of onTheirs) {
        expect(await act(w.users.owner, definition, input)).toMatchObject({ ok: false, code: 'not_found' });
        expect(await act(w.users.head, definition, input)).toMatchObject({ ok: false, code: 'not_found' });
      }
      expect(await dump(db())).toEqual(before);
    });

    it('is refused by the composite keys even when the application checks are skipped', async () => {
      const mine = await create(conversion(w, { name: 'Key test' }));
      const attempts = [
        db().owner.insert(kpis).values({ organizationId: w.org.id, unitId: w.units.dept, goalId: b.goalId, name: 'x', unit: 'count', direction: 'up', frequency: 'month', indicator: 'lagging', horizon: 'strategic', source: 'formula', formula: '1' }),
        db().owner.insert(kpiMetrics).values({ organizationId: w.org.id, kpiId: mine.id, metricId: b.metricId.visitors! }),
        db().owner.insert(kpiLinks).values({ organizationId: w.org.id, parentKpiId: mine.id, childKpiId: randomUUID() }),
        db().owner.insert(kpis).values({ organizationId: w.org.id, unitId: b.units.dept, name: 'x', unit: 'count', direction: 'up', frequency: 'month', indicator: 'lagging', horizon: 'strategic', source: 'formula', formula: '1' }),
      ];
      for (const attempt of attempts) await expect(attempt).rejects.toThrow();
      const refs = await db().owner.select().from(kpiMetrics).where(and(eq(kpiMetrics.kpiId, mine.id), eq(kpiMetrics.metricId, b.metricId.visitors!)));
      expect(refs).toHaveLength(0);
    });
  });

  describe('roles', () => {
    it('lets heads draft in their subtree, members in their own unit, and nobody else', async () => {
      const inTeam = conversion(w, { unitId: w.units.team, name: 'Team KPI' });
      expect((await act(w.users.head, kpiActions.create, inTeam)).ok).toBe(true);
      expect((await act(w.users.teamMember, kpiActions.create, inTeam)).ok).toBe(true);
      expect(await act(w.users.teamMember, kpiActions.create, conversion(w))).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await act(w.users.head, kpiActions.create, conversion(w, { unitId: w.units.other }))).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await act(w.users.outsider, kpiActions.create, inTeam)).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await act(w.users.viewer, kpiActions.create, inTeam)).toMatchObject({ ok: false, code: 'forbidden' });
      expect((await act(w.users.admin, kpiActions.create, conversion(w, { unitId: w.units.other }))).ok).toBe(true);
    });

    it('does not let a head move a draft into a unit they do not head', async () => {
      const kpi = await create(conversion(w, { name: 'Mover' }));
      const moved = await act(w.users.head, kpiActions.update, { ...conversion(w, { unitId: w.units.other, name: 'Mover' }), kpiId: kpi.id, version: 1 });
      expect(moved).toMatchObject({ ok: false, code: 'forbidden' });
    });

    it('keeps a unit with KPIs from being archived until they move', async () => {
      const [team] = await db().withTenant(w.org.id, (tx) =>
        tx.insert(orgUnits).values({ organizationId: w.org.id, parentId: w.units.dept, kind: 'team', name: 'Short-lived' }).returning(),
      );
      await create(conversion(w, { unitId: team!.id, name: 'Still here' }));
      const result = await act(w.users.owner, unitActions.archive, { unitId: team!.id });
      expect(result).toMatchObject({ ok: false, code: 'conflict' });
      expect(!result.ok && result.error).toBe('Move or retire Still here first: Short-lived still has KPIs.');
    });

    it('reads the detail of a KPI with its contributors and targets', async () => {
      const kpi = await create(conversion(w, { name: 'Detailed' }));
      const detail = await db().withTenant(w.org.id, (tx) => getKpiDetail(tx, kpi.id));
      expect(detail).toMatchObject({ name: 'Detailed', unitName: 'Marketing', goalTitle: '2,000 new paying members', metrics: [{ key: 'paid_signups' }, { key: 'visitors' }] });
      await expect(db().withTenant(b.org.id, (tx) => getKpiDetail(tx, kpi.id))).rejects.toThrow(/does not exist/);
    });
  });
});
