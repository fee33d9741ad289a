import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Database } from '@/db';
import { kpiLinks, kpiProposals, kpis, metrics, orgUnits } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { runOrgAction, type OrgActionDefinition } from '@/lib/action-runner';
import { kpiActions } from '@/lib/kpis/actions';
import { proposalActions } from './actions';

/** Every action runs at this moment (a Tuesday), whatever the day the suite runs on. */
const now = new Date('2026-03-10T09:00:00Z');

const mixed = 'A sum cannot add Conversion rate (percent) to New customers (count). Use an average, or choose KPIs of one unit.';

/** Every table a refused definition or proposal could have written to. */
async function dump(db: Database) {
  const tables = ['kpis', 'kpi_links', 'kpi_metrics', 'kpi_targets', 'kpi_proposals', 'proposal_reviewers', 'proposal_votes', 'notifications', 'audit_log'];
  return Promise.all(tables.map(async (t) => JSON.stringify(await db.owner.execute(sql.raw(`select * from ${t} order by 1, 2, 3`)))));
}

describeEachDatabase('a sum adds like to like', (db) => {
  let org: Awaited<ReturnType<typeof makeOrganization>>;
  let company: string;
  let admin: string, owner: string, alice: string, bob: string;
  const ids: Record<string, string> = {};
  const act = <S extends z.ZodType, T>(user: string, definition: OrgActionDefinition<S, T>, input: object) =>
    runOrgAction(db(), user, org.slug, definition, input, { now });
  const ok = async <S extends z.ZodType, T>(user: string, definition: OrgActionDefinition<S, T>, input: object) => {
    const result = await act(user, definition, input);
    if (!result.ok) throw new Error(JSON.stringify(result));
    return result.data;
  };
  const formulaKpi = (name: string, unit: string, formula: string, currencyCode?: string) => ({
    unitId: company,
    name,
    unit,
    currencyCode,
    direction: 'up',
    frequency: 'month',
    indicator: 'lagging',
    horizon: 'strategic',
    source: 'formula',
    formula,
  });
  const sumOf = (name: string, unit: string, contributors: string[], currencyCode?: string) => ({
    ...formulaKpi(name, unit, '', currencyCode),
    source: 'rollup',
    rollupMethod: 'sum',
    contributors: contributors.map((c) => ({ kpiId: ids[c]!, weight: 1 })),
  });
  /** A sum roll-up stored as it could be before the guardrail (the seed's way: straight into the tables). */
  const storedSum = (name: string, unit: 'count' | 'percent', contributors: string[], state: 'draft' | 'active') =>
    db().withTenant(org.id, async (tx) => {
      const [row] = await tx
        .insert(kpis)
        .values({ organizationId: org.id, unitId: company, name, unit, direction: 'up', frequency: 'month', indicator: 'lagging', horizon: 'strategic', source: 'rollup', rollupMethod: 'sum', state, createdBy: admin })
        .returning();
      await tx.insert(kpiLinks).values(contributors.map((c) => ({ organizationId: org.id, parentKpiId: row!.id, childKpiId: ids[c]!, weight: 1 })));
      return row!;
    });
  const expectRefused = async (result: Awaited<ReturnType<typeof act>>, message: string) => {
    expect(result).toMatchObject({ ok: false, code: 'invalid', error: message });
  };

  beforeAll(async () => {
    org = await makeOrganization(db(), 'Sum Guard Co', ['owner', 'admin', 'member', 'member']);
    owner = org.byRole('owner').id;
    admin = org.byRole('admin').id;
    [alice, bob] = org.people.filter((p) => p.role === 'member').map((p) => p.id) as [string, string];
    company = await db().withTenant(org.id, async (tx) => {
      const [unit] = await tx.select().from(orgUnits);
      await tx.insert(metrics).values([
        { organizationId: org.id, key: 'signups', name: 'Sign-ups', unit: 'count', aggregation: 'sum', frequency: 'month' },
        { organizationId: org.id, key: 'visitors', name: 'Visitors', unit: 'count', aggregation: 'sum', frequency: 'month' },
        { organizationId: org.id, key: 'revenue_eur', name: 'Revenue EUR', unit: 'currency', currencyCode: 'EUR', aggregation: 'sum', frequency: 'month' },
        { organizationId: org.id, key: 'revenue_usd', name: 'Revenue USD', unit: 'currency', currencyCode: 'USD', aggregation: 'sum', frequency: 'month' },
      ]);
      return unit!.id;
    });
    for (const [name, unit, formula, code] of [
      ['New customers', 'count', '{signups}'],
      ['Returning customers', 'count', '{signups}'],
      ['Conversion rate', 'percent', '{signups} / {visitors} * 100'],
      ['Revenue EU', 'currency', '{revenue_eur}', 'EUR'],
      ['Revenue US', 'currency', '{revenue_usd}', 'USD'],
    ] as const) {
      ids[name] = (await ok(admin, kpiActions.create, formulaKpi(name, unit, formula, code))).id;
    }
  });

  describe('at definition time', () => {
    it('refuses creating a sum of percent with count, or of two currencies, naming them, and saves nothing', async () => {
      const before = await dump(db());
      const result = await act(admin, kpiActions.create, sumOf('Customers', 'count', ['New customers', 'Conversion rate']));
      await expectRefused(result, mixed);
      expect(!result.ok && result.fieldErrors).toEqual({ rollupMethod: [mixed] });
      const money = await act(admin, kpiActions.create, sumOf('Revenue', 'currency', ['Revenue EU', 'Revenue US'], 'EUR'));
      await expectRefused(money, 'A sum cannot add Revenue US (USD) to Revenue EU (EUR). Use an average, or choose KPIs of one unit.');
      expect(await dump(db())).toEqual(before);
    });

    it('refuses a sum in another unit than its contributors’: a count summing a percent, dollars summing euros', async () => {
      const before = await dump(db());
      const result = await act(admin, kpiActions.create, sumOf('Conversions', 'count', ['Conversion rate']));
      const message = 'A sum of Conversion rate (percent) is a percent, not a count. Make this KPI a percent too, or use an average.';
      await expectRefused(result, message);
      expect(!result.ok && result.fieldErrors).toEqual({ unit: [message] });
      const money = await act(admin, kpiActions.create, sumOf('Revenue', 'currency', ['Revenue EU'], 'USD'));
      await expectRefused(money, 'A sum of Revenue EU (EUR) is an amount in EUR, not an amount in USD. Make this KPI an amount in EUR too, or use an average.');
      expect(await dump(db())).toEqual(before);
    });

    it('refuses an edit that adds a contributor of another unit, keeping the draft as it was', async () => {
      const draft = await ok(admin, kpiActions.create, sumOf('All customers', 'count', ['New customers', 'Returning customers']));
      const before = await dump(db());
      const result = await act(admin, kpiActions.update, { ...sumOf('All customers', 'count', ['New customers', 'Conversion rate']), kpiId: draft.id, version: draft.version });
      await expectRefused(result, mixed);
      expect(await dump(db())).toEqual(before);
    });

    it('lets an average combine units, and a sum add like to like', async () => {
      await ok(admin, kpiActions.create, { ...sumOf('Mixed average', 'percent', ['New customers', 'Conversion rate']), rollupMethod: 'average' });
      await ok(admin, kpiActions.create, sumOf('Revenue in euros', 'currency', ['Revenue EU'], 'EUR'));
    });
  });

  describe('at proposal time', () => {
    it('refuses proposing a sum stored before the guardrail, naming the contributors, and saves nothing; it may still be retired', async () => {
      const draft = await storedSum('Legacy customers', 'count', ['New customers', 'Conversion rate'], 'draft');
      const before = await dump(db());
      await expectRefused(await act(admin, proposalActions.create, { kpiId: draft.id, kind: 'create', summary: '' }), mixed);
      expect(await dump(db())).toEqual(before);

      const live = await storedSum('Legacy conversions', 'count', ['Conversion rate'], 'active');
      const message = 'A sum of Conversion rate (percent) is a percent, not a count. Make this KPI a percent too, or use an average.';
      await expectRefused(await act(admin, proposalActions.create, { kpiId: live.id, kind: 'change', summary: '' }), message);
      await ok(admin, proposalActions.create, { kpiId: live.id, kind: 'retire', summary: 'It adds a percent to a count' });
    });

    it('refuses submitting, or approving, a sum whose contributor changed its unit since, and saves nothing', async () => {
      const part = await ok(admin, kpiActions.create, formulaKpi('Trial starts', 'count', '{signups}'));
      ids['Trial starts'] = part.id;
      const total = await ok(admin, kpiActions.create, sumOf('All trials', 'count', ['Trial starts', 'New customers']));
      const proposal = await ok(admin, proposalActions.create, { kpiId: total.id, kind: 'create', summary: '' });
      const asPercent = (version: number) => act(admin, kpiActions.update, { ...formulaKpi('Trial starts', 'percent', '{signups} / {visitors} * 100'), kpiId: part.id, version });
      // The contributor is a draft of its own, edited freely.
      const changed = await asPercent(part.version);
      expect(changed.ok).toBe(true);
      const before = await dump(db());
      const message = 'A sum cannot add Trial starts (percent) to New customers (count). Use an average, or choose KPIs of one unit.';
      await expectRefused(await act(admin, proposalActions.submit, { proposalId: proposal.id, version: proposal.version, reviewerIds: [alice, bob] }), message);
      expect(await dump(db())).toEqual(before);
      const [row] = await db().withTenant(org.id, (tx) => tx.select().from(kpiProposals).where(eq(kpiProposals.id, proposal.id)));
      expect(row).toMatchObject({ state: 'draft', submittedAt: null });

      // Back to a count it goes to review; turned into a percent again during the review, approval refuses it.
      const back = await act(admin, kpiActions.update, { ...formulaKpi('Trial starts', 'count', '{signups}'), kpiId: part.id, version: changed.ok ? changed.data.version : 0 });
      const submitted = await ok(admin, proposalActions.submit, { proposalId: proposal.id, version: proposal.version, reviewerIds: [alice, bob] });
      await ok(alice, proposalActions.vote, { proposalId: proposal.id, choice: 'agree' });
      await ok(bob, proposalActions.vote, { proposalId: proposal.id, choice: 'agree' });
      expect((await asPercent(back.ok ? back.data.version : 0)).ok).toBe(true);
      const beforeApproval = await dump(db());
      await expectRefused(await act(owner, proposalActions.approve, { proposalId: proposal.id, version: submitted.version }), message);
      expect(await dump(db())).toEqual(beforeApproval);
    });
  });
});
