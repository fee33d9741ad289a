import { expect, it } from 'vitest';
import type { Database } from '@/db';
import { kpis, kpiTargets, orgUnits } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { runOrgAction } from '@/lib/action-runner';
import { proposalActions } from './actions';
import { listRevisionDefinitions } from './queries';

/** An organization with one draft KPI proposed for approval by its owner. */
async function proposed(db: Database, name: string) {
  const org = await makeOrganization(db, name, ['owner']);
  const owner = org.byRole('owner').id;
  const kpiOf = () =>
    db.withTenant(org.id, async (tx) => {
      const [company] = await tx.select().from(orgUnits);
      const [kpi] = await tx
        .insert(kpis)
        .values({ organizationId: org.id, unitId: company!.id, name: `Conversion ${Math.random().toString(36).slice(2, 7)}`, unit: 'percent', direction: 'up', frequency: 'month', indicator: 'lagging', horizon: 'strategic', source: 'formula', formula: '3', createdBy: owner })
        .returning();
      await tx.insert(kpiTargets).values({ organizationId: org.id, kpiId: kpi!.id, periodKey: '2026-03', value: 4 });
      return kpi!;
    });
  const propose = async (kpiId: string) => {
    const result = await runOrgAction(db, owner, org.slug, proposalActions.create, { kpiId, kind: 'create', summary: 'A new KPI' });
    if (!result.ok) throw new Error(JSON.stringify(result));
    return result.data;
  };
  const kpi = await kpiOf();
  const sibling = await kpiOf();
  return { org, kpi, proposal: await propose(kpi.id), siblingProposal: await propose(sibling.id) };
}

describeEachDatabase('listRevisionDefinitions', (db) => {
  it('returns the revision with its definition and targets, and nothing of another KPI or organization', async () => {
    const here = await proposed(db(), 'Compare Co');
    const elsewhere = await proposed(db(), 'Compare Elsewhere');
    const rows = await db().withTenant(here.org.id, (tx) =>
      listRevisionDefinitions(tx, here.kpi.id, [here.proposal.id, here.siblingProposal.id, elsewhere.proposal.id]),
    );
    expect(rows.map((r) => r.id)).toEqual([here.proposal.id]);
    expect(rows[0]).toMatchObject({ number: 1, state: 'draft', definition: { name: here.kpi.name, unit: 'percent' }, targets: [{ periodKey: '2026-03', value: 4 }] });
  });

  it('reads nothing when asked for nothing', async () => {
    const here = await proposed(db(), 'Compare Empty');
    await expect(db().withTenant(here.org.id, (tx) => listRevisionDefinitions(tx, here.kpi.id, []))).resolves.toEqual([]);
  });
});
