import { eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Database } from '@/db';
import { kpiProposals, kpis, metrics, orgUnits } from '@/db/schema';
import { describeEachDatabase, makeOrganization } from '@/db/testing';
import { runOrgAction, type OrgActionDefinition } from '@/lib/action-runner';
import { kpiActions } from '@/lib/kpis/actions';
import { getKpiDetail } from '@/lib/kpis/queries';
import { kpiFormValuesOf } from '@/lib/kpis/view';
import { proposalActions } from './actions';
import { compareDefinitions } from './compare';
import { getProposalSurroundings } from './inbox';
import { getKpiDefinition, listRevisionDefinitions } from './queries';
import { editProposalSchema } from './schemas';

/** Every action runs at this moment (a Tuesday), whatever the day the suite runs on. */
const now = new Date('2026-03-10T09:00:00Z');

/** A company with a flow metric: an admin drafts and proposes, two members review, the owner approves. */
async function world(db: Database, name: string) {
  const org = await makeOrganization(db, name, ['owner', 'admin', 'member', 'member']);
  const [alice, bob] = org.people.filter((p) => p.role === 'member').map((p) => p.id);
  const company = await db.withTenant(org.id, async (tx) => {
    const [unit] = await tx.select().from(orgUnits);
    await tx.insert(metrics).values({ organizationId: org.id, key: 'signups', name: 'Sign-ups', unit: 'count', aggregation: 'sum', frequency: 'month' });
    return unit!.id;
  });
  return { org, company, owner: org.byRole('owner').id, admin: org.byRole('admin').id, alice: alice!, bob: bob! };
}

describeEachDatabase('target roll-up in the KPI definition', (db) => {
  let w: Awaited<ReturnType<typeof world>>;
  const act = <S extends z.ZodType, T>(user: string, definition: OrgActionDefinition<S, T>, input: object) =>
    runOrgAction(db(), user, w.org.slug, definition, input, { now });
  const ok = async <S extends z.ZodType, T>(user: string, definition: OrgActionDefinition<S, T>, input: object) => {
    const result = await act(user, definition, input);
    if (!result.ok) throw new Error(JSON.stringify(result));
    return result.data;
  };
  const signups = (extra: object = {}) => ({
    unitId: w.company,
    name: `New customers ${Math.random().toString(36).slice(2, 7)}`,
    unit: 'count',
    direction: 'up',
    frequency: 'month',
    indicator: 'lagging',
    horizon: 'strategic',
    source: 'formula',
    formula: '{signups}',
    ...extra,
  });
  const stored = async (kpiId: string) => (await db().withTenant(w.org.id, (tx) => tx.select().from(kpis).where(eq(kpis.id, kpiId))))[0]!;
  /** Submits a proposal, has both members agree and the owner approve it. */
  const approve = async (proposal: { id: string; version: number }) => {
    const submitted = await ok(w.admin, proposalActions.submit, { proposalId: proposal.id, version: proposal.version, reviewerIds: [w.alice, w.bob] });
    await ok(w.alice, proposalActions.vote, { proposalId: proposal.id, choice: 'agree' });
    await ok(w.bob, proposalActions.vote, { proposalId: proposal.id, choice: 'agree' });
    return ok(w.owner, proposalActions.approve, { proposalId: proposal.id, version: submitted.version });
  };

  beforeAll(async () => {
    w = await world(db(), 'Rollup Over Time Co');
  });

  it('round-trips through create, edit, proposal and approval, and the comparison shows it changing', async () => {
    const created = await ok(w.admin, kpiActions.create, signups({ targetRollup: 'last' }));
    expect(created.targetRollup).toBe('last');
    const detail = await db().withTenant(w.org.id, (tx) => getKpiDetail(tx, created.id));
    expect(detail.targetRollup).toBe('last');
    expect(kpiFormValuesOf(detail).targetRollup).toBe('last');

    // The form's "Automatic" is '': stored as null, so the engine infers it.
    const edited = await ok(w.admin, kpiActions.update, { ...signups({ name: detail.name, targetRollup: '' }), kpiId: created.id, version: created.version });
    expect((await stored(created.id)).targetRollup).toBeNull();
    expect(kpiFormValuesOf(await db().withTenant(w.org.id, (tx) => getKpiDetail(tx, created.id))).targetRollup).toBe('');

    const first = await ok(w.admin, proposalActions.create, { kpiId: edited.id, kind: 'create', summary: 'New' });
    expect(first.definition).toMatchObject({ targetRollup: null });
    await approve(first);
    expect(await stored(created.id)).toMatchObject({ state: 'active', targetRollup: null });

    const change = await ok(w.admin, proposalActions.create, { kpiId: created.id, kind: 'change', summary: 'A stock after all' });
    const [revision] = await db().withTenant(w.org.id, (tx) => listRevisionDefinitions(tx, created.id, [change.id]));
    const revised = await ok(w.admin, proposalActions.edit, {
      ...revision!.definition,
      targetRollup: 'last',
      proposalId: change.id,
      version: change.version,
      summary: 'A stock after all',
      targets: [],
    });
    expect(revised.definition).toMatchObject({ targetRollup: 'last' });

    const changes = await db().withTenant(w.org.id, async (tx) => {
      const live = await getKpiDefinition(tx, created.id);
      const [proposed] = await listRevisionDefinitions(tx, created.id, [change.id]);
      const surroundings = await getProposalSurroundings(tx, created.id, [live.definition, proposed!.definition]);
      return compareDefinitions(live, proposed!, { metricAggregations: surroundings.metricAggregations });
    });
    expect(changes).toEqual([{ field: 'targetRollup', label: 'Target over longer periods', before: 'Automatic (add them up)', after: 'The last one' }]);

    await approve(revised);
    expect((await stored(created.id)).targetRollup).toBe('last');
  });

  it('reads a proposal stored before the field existed as Automatic, and approving it stores null', async () => {
    const created = await ok(w.admin, kpiActions.create, signups({ targetRollup: 'average' }));
    const proposal = await ok(w.admin, proposalActions.create, { kpiId: created.id, kind: 'create', summary: 'Old shape' });
    await db().owner.execute(sql`update ${kpiProposals} set definition = definition - 'targetRollup' where id = ${proposal.id}`);
    const [old] = await db().withTenant(w.org.id, (tx) => listRevisionDefinitions(tx, created.id, [proposal.id]));
    expect(old!.definition.targetRollup).toBeNull();
    await approve(proposal);
    expect(await stored(created.id)).toMatchObject({ state: 'active', targetRollup: null });
    // A form (or API client) that does not send it means Automatic.
    const { targetRollup, ...withoutField } = old!.definition;
    void targetRollup;
    const parsed = editProposalSchema.parse({ ...withoutField, proposalId: proposal.id, version: 1, targets: [] });
    expect(parsed.targetRollup).toBeNull();
  });

  it('refuses a target roll-up that is not one of the three', async () => {
    const result = await act(w.admin, kpiActions.create, signups({ targetRollup: 'median' }));
    expect(result).toMatchObject({ ok: false, code: 'invalid' });
    expect(!result.ok && result.fieldErrors?.targetRollup).toEqual(['Choose how targets combine over longer periods']);
  });
});
