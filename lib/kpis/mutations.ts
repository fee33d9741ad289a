import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { goals, kpiLinks, kpiMetrics, kpiProposals, kpis, kpiTargets, memberships, metrics, orgUnits } from '@/db/schema';
import { forbiddenError, type OrgActionContext } from '@/lib/action-runner';
import { ExpectedError } from '@/lib/errors';
import { checkFormula, printFormula } from '@/lib/formula';
import { safeParsePeriodKey } from '@/lib/periods';
import { can } from '@/lib/permissions';
import { getUnitParents } from '@/lib/units/queries';
import { findRollupCycle } from './graph';
import { listRollupLinks, listTargets, type TargetRow } from './queries';
import type { KpiDefinition } from './schemas';
import { sumUnitsProblem } from './sum-units';

type Ctx = Pick<OrgActionContext, 'tx' | 'actor' | 'audit' | 'organization'>;

const notFound = (field: string, message: string) => new ExpectedError(message, { [field]: [message] }, 'not_found');

/** A KPI's unit, for permission checks; "not found" when it is not this organization's. */
export async function getKpiUnitId(tx: TenantTx, kpiId: string): Promise<string> {
  const [row] = await tx
    .select({ unitId: kpis.unitId })
    .from(kpis)
    .where(and(eq(kpis.organizationId, tx.organizationId), eq(kpis.id, kpiId)));
  if (!row) throw new ExpectedError('This KPI does not exist (or no longer does).', undefined, 'not_found');
  return row.unitId;
}

async function getKpiRow(tx: TenantTx, kpiId: string) {
  const [row] = await tx
    .select()
    .from(kpis)
    .where(and(eq(kpis.organizationId, tx.organizationId), eq(kpis.id, kpiId)))
    .for('update');
  if (!row) throw new ExpectedError('This KPI does not exist (or no longer does).', undefined, 'not_found');
  return row;
}

/** Drafts are edited in place until proposed; then the proposal holds the definition under review. */
async function assertNoOpenProposal(tx: TenantTx, kpi: { id: string; name: string }) {
  const [open] = await tx
    .select({ number: kpiProposals.number })
    .from(kpiProposals)
    .where(and(eq(kpiProposals.organizationId, tx.organizationId), eq(kpiProposals.kpiId, kpi.id), inArray(kpiProposals.state, ['draft', 'in_review'])));
  if (open) throw new ExpectedError(`${kpi.name} has an open proposal (revision ${open.number}): change the proposal instead.`, undefined, 'conflict');
}

/** Drafts are edited in place; a live KPI changes only through a proposal (the approval workflow). */
function assertEditableDraft(row: { state: string; version: number; name: string }, version: number) {
  if (row.state !== 'draft') {
    throw new ExpectedError(`${row.name} is ${row.state}: its definition and targets change only through an approved proposal.`, undefined, 'conflict');
  }
  if (row.version !== version) {
    throw new ExpectedError('This KPI changed since you opened it. Reload the page to see the latest version, then make your change again.', undefined, 'conflict');
  }
}

/**
 * Checks every reference of a definition against this organization — unit,
 * goal, owner, metrics in the formula, contributing KPIs — and returns what to
 * store. Anything that is not this organization's is "not found", exactly as
 * if it did not exist.
 */
export async function resolveDefinition(tx: TenantTx, definition: KpiDefinition, kpiId: string | null) {
  const org = tx.organizationId;
  const contributorIds = definition.contributors.map((c) => c.kpiId);
  const [[unit], goal, owner, knownMetrics, contributors] = await Promise.all([
    tx
      .select({ id: orgUnits.id })
      .from(orgUnits)
      .where(and(eq(orgUnits.organizationId, org), eq(orgUnits.id, definition.unitId), isNull(orgUnits.archivedAt))),
    definition.goalId
      ? tx.select({ id: goals.id }).from(goals).where(and(eq(goals.organizationId, org), eq(goals.id, definition.goalId)))
      : Promise.resolve(null),
    definition.ownerId
      ? tx
          .select({ id: memberships.userId })
          .from(memberships)
          .where(and(eq(memberships.organizationId, org), eq(memberships.userId, definition.ownerId)))
      : Promise.resolve(null),
    definition.source === 'formula'
      ? tx.select({ id: metrics.id, key: metrics.key }).from(metrics).where(eq(metrics.organizationId, org))
      : Promise.resolve([]),
    contributorIds.length
      ? tx
          .select({ id: kpis.id, name: kpis.name, unit: kpis.unit, currencyCode: kpis.currencyCode })
          .from(kpis)
          .where(and(eq(kpis.organizationId, org), inArray(kpis.id, contributorIds)))
      : Promise.resolve([]),
  ]);
  if (!unit) throw notFound('unitId', 'This unit does not exist (or is archived).');
  if (goal && goal.length === 0) throw notFound('goalId', 'This goal does not exist.');
  if (owner && owner.length === 0) throw notFound('ownerId', 'This person is not a member of the organization.');

  let formula: string | null = null;
  let metricIds: string[] = [];
  if (definition.source === 'formula' && definition.formula !== null) {
    const idByKey = new Map(knownMetrics.map((m) => [m.key, m.id]));
    const checked = checkFormula(definition.formula, new Set(idByKey.keys()));
    if (!checked.ok) {
      throw new ExpectedError('The formula has a problem.', { formula: checked.errors.map((e) => e.message) });
    }
    formula = printFormula(checked.ast);
    metricIds = checked.references.map((key) => idByKey.get(key)!);
  }

  if (definition.source === 'rollup') {
    if (contributors.length !== contributorIds.length) throw notFound('contributors', 'A contributing KPI does not exist.');
    if (kpiId && contributorIds.includes(kpiId)) {
      throw new ExpectedError('A KPI cannot contribute to itself.', { contributors: ['A KPI cannot contribute to itself'] });
    }
    assertSumAddsUp(definition, contributors);
    if (kpiId) {
      const cycle = findRollupCycle(kpiId, contributorIds, await listRollupLinks(tx));
      if (cycle) {
        const names = await tx
          .select({ id: kpis.id, name: kpis.name })
          .from(kpis)
          .where(and(eq(kpis.organizationId, org), inArray(kpis.id, cycle)));
        const nameOf = new Map(names.map((n) => [n.id, n.name]));
        const message = `These contributors would make a cycle: ${cycle.map((id) => nameOf.get(id) ?? id).join(' → ')}.`;
        throw new ExpectedError(message, { contributors: [message] });
      }
    }
  }
  return { formula, metricIds };
}

type MeasuredKpi = { id: string; name: string; unit: KpiDefinition['unit']; currencyCode: string | null };

/** A sum roll-up adds like to like (sum-units.ts), over its contributors in the order chosen. */
function assertSumAddsUp(definition: KpiDefinition, contributors: readonly MeasuredKpi[]) {
  if (definition.source !== 'rollup' || definition.rollupMethod !== 'sum') return;
  const byId = new Map(contributors.map((c) => [c.id, c]));
  const problem = sumUnitsProblem(definition, definition.contributors.flatMap((c) => byId.get(c.kpiId) ?? []));
  if (problem) throw new ExpectedError(problem.message, { [problem.field]: [problem.message] });
}

/**
 * The same rule for a definition saved earlier (a proposal's), against its
 * contributors as they are now: one may have changed its unit since.
 */
export async function assertSavedSumAddsUp(tx: TenantTx, definition: KpiDefinition) {
  if (definition.source !== 'rollup' || definition.rollupMethod !== 'sum' || definition.contributors.length === 0) return;
  const contributors = await tx
    .select({ id: kpis.id, name: kpis.name, unit: kpis.unit, currencyCode: kpis.currencyCode })
    .from(kpis)
    .where(and(eq(kpis.organizationId, tx.organizationId), inArray(kpis.id, definition.contributors.map((c) => c.kpiId))));
  assertSumAddsUp(definition, contributors);
}

function columnsOf(definition: KpiDefinition, formula: string | null) {
  return {
    unitId: definition.unitId,
    goalId: definition.goalId,
    name: definition.name,
    description: definition.description,
    ownerId: definition.ownerId,
    unit: definition.unit,
    currencyCode: definition.currencyCode,
    direction: definition.direction,
    frequency: definition.frequency,
    indicator: definition.indicator,
    horizon: definition.horizon,
    baselineValue: definition.baselineValue,
    baselineDate: definition.baselineDate,
    weight: definition.weight,
    source: definition.source,
    formula,
    rollupMethod: definition.rollupMethod,
    targetRollup: definition.targetRollup,
    statusThresholds:
      definition.greenAt !== null && definition.amberAt !== null ? { green: definition.greenAt, amber: definition.amberAt } : null,
  };
}

async function replaceReferences(tx: TenantTx, kpiId: string, metricIds: string[], contributors: KpiDefinition['contributors']) {
  const organizationId = tx.organizationId;
  await tx.delete(kpiMetrics).where(and(eq(kpiMetrics.organizationId, organizationId), eq(kpiMetrics.kpiId, kpiId)));
  await tx.delete(kpiLinks).where(and(eq(kpiLinks.organizationId, organizationId), eq(kpiLinks.parentKpiId, kpiId)));
  if (metricIds.length) await tx.insert(kpiMetrics).values(metricIds.map((metricId) => ({ organizationId, kpiId, metricId })));
  if (contributors.length) {
    await tx
      .insert(kpiLinks)
      .values(contributors.map((c) => ({ organizationId, parentKpiId: kpiId, childKpiId: c.kpiId, weight: c.weight })));
  }
}

/** A new KPI starts as a draft; only approval (or the seed) makes it live. */
export async function createKpi({ tx, actor, audit }: Ctx, definition: KpiDefinition) {
  const { formula, metricIds } = await resolveDefinition(tx, definition, null);
  const [row] = await tx
    .insert(kpis)
    .values({ organizationId: tx.organizationId, ...columnsOf(definition, formula), state: 'draft', createdBy: actor.userId })
    .returning();
  await replaceReferences(tx, row!.id, metricIds, definition.contributors);
  audit({ action: 'kpi.create', entityType: 'kpi', entityId: row!.id, unitId: row!.unitId, after: { ...row, contributors: definition.contributors } });
  return row!;
}

export async function updateKpi({ tx, actor, audit }: Ctx, input: KpiDefinition & { kpiId: string; version: number }) {
  const before = await getKpiRow(tx, input.kpiId);
  assertEditableDraft(before, input.version);
  await assertNoOpenProposal(tx, before);
  if (input.unitId !== before.unitId) {
    const parents = await getUnitParents(tx);
    if (!parents.has(input.unitId)) throw notFound('unitId', 'This unit does not exist (or is archived).');
    if (!can(actor, 'kpis.draft', { unitId: input.unitId, parents })) throw forbiddenError();
  }
  const { formula, metricIds } = await resolveDefinition(tx, input, input.kpiId);
  const [after] = await tx
    .update(kpis)
    .set({ ...columnsOf(input, formula), version: sql`${kpis.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(kpis.organizationId, tx.organizationId), eq(kpis.id, input.kpiId), eq(kpis.version, input.version)))
    .returning();
  if (!after) throw new ExpectedError('This KPI changed since you opened it. Reload the page, then make your change again.', undefined, 'conflict');
  await replaceReferences(tx, input.kpiId, metricIds, input.contributors);
  audit({ action: 'kpi.update', entityType: 'kpi', entityId: after.id, unitId: after.unitId, before, after: { ...after, contributors: input.contributors } });
  return after;
}

export async function deleteKpiDraft({ tx, audit }: Ctx, input: { kpiId: string; version: number }) {
  const before = await getKpiRow(tx, input.kpiId);
  assertEditableDraft(before, input.version);
  await assertNoOpenProposal(tx, before);
  const [usedBy] = await tx
    .select({ name: kpis.name })
    .from(kpiLinks)
    .innerJoin(kpis, and(eq(kpis.organizationId, kpiLinks.organizationId), eq(kpis.id, kpiLinks.parentKpiId)))
    .where(and(eq(kpiLinks.organizationId, tx.organizationId), eq(kpiLinks.childKpiId, input.kpiId)));
  if (usedBy) throw new ExpectedError(`${usedBy.name} rolls up from this KPI: take it out of ${usedBy.name} first.`, undefined, 'conflict');
  await tx.update(goals).set({ outcomeKpiId: null, outcomeTarget: null }).where(and(eq(goals.organizationId, tx.organizationId), eq(goals.outcomeKpiId, input.kpiId)));
  await tx.delete(kpis).where(and(eq(kpis.organizationId, tx.organizationId), eq(kpis.id, input.kpiId)));
  audit({ action: 'kpi.delete', entityType: 'kpi', entityId: before.id, unitId: before.unitId, before });
  return { id: before.id, unitId: before.unitId };
}

export type TargetCell = { periodKey: string; value: number | null; low: number | null; high: number | null };

/**
 * Checks a grid of target cells for a KPI: each period exists, is of the
 * KPI's kind (its frequency) or a fiscal year, appears once, and has a value
 * (or both ends of the band for `within`). Blank cells mean "clear".
 */
export function checkTargetCells(
  kpi: { id: string; frequency: string; direction: string },
  cells: readonly TargetCell[],
  calendar: { fiscalYearStartMonth: number },
): { rows: TargetRow[]; cleared: string[]; touched: string[] } {
  const fieldErrors: Record<string, string[]> = {};
  const seen = new Set<string>();
  const rows: TargetRow[] = [];
  const cleared: string[] = [];
  cells.forEach((cell, i) => {
    const fail = (field: string, message: string) => void (fieldErrors[`targets.${i}.${field}`] ??= []).push(message);
    const parsed = safeParsePeriodKey(cell.periodKey, calendar);
    if (!parsed.ok) return fail('periodKey', `${cell.periodKey} is not a period: ${parsed.error}`);
    const { kind, key } = parsed.period;
    if (kind !== kpi.frequency && kind !== 'year') return fail('periodKey', `${key} is a ${kind}; this KPI is reviewed by ${kpi.frequency} (or by year)`);
    if (seen.has(key)) return fail('periodKey', `${key} is listed twice`);
    seen.add(key);
    const blank = cell.value === null && cell.low === null && cell.high === null;
    if (blank) return void cleared.push(key);
    if (kpi.direction === 'within') {
      if (cell.low === null || cell.high === null) return fail(cell.low === null ? 'low' : 'high', 'Enter both ends of the band');
      if (cell.low > cell.high) return fail('high', 'The upper bound must not be below the lower one');
      rows.push({ kpiId: kpi.id, periodKey: key, value: null, low: cell.low, high: cell.high });
    } else {
      if (cell.value === null) return fail('value', 'Enter a target value');
      rows.push({ kpiId: kpi.id, periodKey: key, value: cell.value, low: null, high: null });
    }
  });
  if (Object.keys(fieldErrors).length) throw new ExpectedError('Some targets need attention.', fieldErrors);
  return { rows, cleared, touched: [...seen] };
}

/** Replaces the targets of the given periods (all of them when `periods` is 'all'). */
async function writeTargets(tx: TenantTx, kpiId: string, rows: TargetRow[], periods: string[] | 'all') {
  const scope = periods === 'all' ? [] : [inArray(kpiTargets.periodKey, periods)];
  if (periods === 'all' || periods.length) {
    await tx.delete(kpiTargets).where(and(eq(kpiTargets.organizationId, tx.organizationId), eq(kpiTargets.kpiId, kpiId), ...scope));
  }
  if (rows.length) await tx.insert(kpiTargets).values(rows.map((r) => ({ organizationId: tx.organizationId, ...r })));
}

/**
 * Sets a draft KPI's targets for the listed periods: a value per period, or a
 * low–high band for `within` KPIs; a blank cell clears the period.
 */
export async function setKpiTargets({ tx, organization, audit }: Ctx, input: { kpiId: string; version: number; targets: TargetCell[] }) {
  const kpi = await getKpiRow(tx, input.kpiId);
  assertEditableDraft(kpi, input.version);
  await assertNoOpenProposal(tx, kpi);
  const { rows, cleared, touched } = checkTargetCells(kpi, input.targets, { fiscalYearStartMonth: organization.fiscalYearStartMonth });
  const before = await listTargets(tx, [kpi.id]);
  await writeTargets(tx, kpi.id, rows, touched);
  await tx
    .update(kpis)
    .set({ version: sql`${kpis.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(kpis.organizationId, tx.organizationId), eq(kpis.id, kpi.id)));
  const after = await listTargets(tx, [kpi.id]);
  audit({ action: 'kpi.targets', entityType: 'kpi', entityId: kpi.id, unitId: kpi.unitId, before, after });
  return { set: rows.length, cleared: cleared.length };
}

/**
 * Makes an approved definition and its targets the KPI's live ones, in the
 * caller's transaction: every reference is checked again, as on save.
 */
export async function applyApprovedDefinition(
  tx: TenantTx,
  calendar: { fiscalYearStartMonth: number },
  kpiId: string,
  definition: KpiDefinition,
  targets: readonly TargetCell[],
  state: 'active' | 'retired',
) {
  const before = await getKpiRow(tx, kpiId);
  const { formula, metricIds } = await resolveDefinition(tx, definition, kpiId);
  const { rows } = checkTargetCells({ id: kpiId, frequency: definition.frequency, direction: definition.direction }, targets, calendar);
  const [after] = await tx
    .update(kpis)
    .set({ ...columnsOf(definition, formula), state, version: sql`${kpis.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(kpis.organizationId, tx.organizationId), eq(kpis.id, kpiId)))
    .returning();
  await replaceReferences(tx, kpiId, metricIds, definition.contributors);
  await writeTargets(tx, kpiId, rows, 'all');
  return { before, after: after! };
}

/**
 * Makes a draft live. Until the approval workflow exists only the seed and
 * tests call this; afterwards approving a proposal will.
 */
export async function activateKpi(tx: TenantTx, kpiId: string) {
  await tx
    .update(kpis)
    .set({ state: 'active', version: sql`${kpis.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(kpis.organizationId, tx.organizationId), eq(kpis.id, kpiId)));
}
