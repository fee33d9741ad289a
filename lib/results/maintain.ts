import { sql } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { arrayLiteral, decodeJson } from '@/db/sql-values';
import { rowsOf } from '@/db/client';
import { groupBy } from '@/lib/collections';
import { fiscalYearOf, lastCompletedPeriod, periodKinds, safeParsePeriodKey, type IsoDate } from '@/lib/periods';
import { readPolicy } from '@/lib/organizations/policy';
import { statusOf, unitScore } from '@/lib/scoring';
import type { ResultsEngine } from './engine';
import { loadResults, type LoadedKpi, type ResultsOrganization } from './load';
import { isCountedAt, measuredRange, monthsBetween, parseScorePeriodKey, periodsTouchingMonths, yearToDate, type ScorecardPeriod } from './periods';

/*
 * Keeping the results store current (issue 15, product.md §3 "Results are
 * kept"). Triggers queue what a statement changed in results_pending, inside
 * the writing transaction; refreshResults turns the queue into kpi_results and
 * unit_results rows before that transaction commits (the action runner and the
 * API handler call it last) and before any read of the store, so a reader never
 * sees a half-applied write and a person sees their own write on the next page.
 * It touches only what the queue names: a value recomputes its metric's KPIs,
 * their roll-up parents and the units above them, at each period containing its
 * date. The years to date also move with the calendar: when the organization's
 * last completed week, month, quarter or year changes, they are recomputed.
 */

type Dirty = Map<string, Set<IsoDate> | 'all'>;


/** The last completed period of every kind, as one text: the years to date are current while it is. */
const ytdSignature = (today: IsoDate, organization: ResultsOrganization) => periodKinds.map((k) => lastCompletedPeriod(k, today, organization).key).join(' ');

/** Applies the queue of changes to the store. Cheap when it is empty: one statement, plus one when the day moved on. */
export async function refreshResults(tx: TenantTx, today: IsoDate): Promise<void> {
  const org = tx.organizationId;
  // The policy and fiscal year as this transaction sees them: the write being applied may have changed them.
  const [pendingRows, stateRows] = await Promise.all([
    tx.execute(sql`delete from results_pending where organization_id = ${org} returning kind, ref, key`),
    tx.execute(sql`
      select o.fiscal_year_start_month, o.policy, s.ytd_as_of
      from organizations o left join results_state s on s.organization_id = o.id where o.id = ${org}`),
  ]);
  const pending = rowsOf<{ kind: string; ref: string; key: string }>(pendingRows);
  const [state] = rowsOf<{ fiscal_year_start_month: number; policy: unknown; ytd_as_of: string | null }>(stateRows);
  if (!state) return;
  const organization: ResultsOrganization = { fiscalYearStartMonth: state.fiscal_year_start_month, policy: readPolicy(decodeJson(state.policy)) };
  const signature = ytdSignature(today, organization);
  const storedSignature = state.ytd_as_of;
  const ytdStale = storedSignature !== signature;
  if (pending.length === 0 && !ytdStale) return;
  // One maintainer per organization at a time: two writers of one metric would otherwise replace the same rows
  // concurrently. The second waits, then (read committed) computes from what the first committed.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`results:${org}`}, 0))`);

  if (pending.some((p) => p.kind === 'all') || storedSignature === null) {
    await recomputeEverything(tx, organization, today);
  } else {
    const dirty = await dirtyKpis(tx, organization, pending);
    const touchedUnits = new Set(pending.filter((p) => p.kind === 'unit').map((p) => p.ref));
    const periods = await recomputeKpis(tx, organization, today, dirty, touchedUnits);
    if (ytdStale) {
      // The day moved past the end of a period: every year to date of this and the last fiscal year.
      const fy = fiscalYearOf(today, organization);
      const ytds = [yearToDate(fy - 1, organization), yearToDate(fy, organization)];
      const { engine, kpis } = await loadResults(tx, organization, { kpiIds: 'all', periods: ytds, today });
      const live = [...kpis.values()].filter((k) => k.state === 'active');
      await writeRows(tx, engine, live.map((kpi) => ({ kpi, periods: ytds })), ytds);
      for (const p of ytds) periods.set(p.key, p);
      for (const k of kpis.values()) touchedUnits.add(k.unitId);
    }
    if (pending.some((p) => p.kind === 'units')) await recomputeUnits(tx, organization, today, 'all', await storedPeriods(tx, organization));
    else if (touchedUnits.size > 0 && periods.size > 0) await recomputeUnits(tx, organization, today, touchedUnits, [...periods.values()]);
  }
  await tx.execute(sql`
    insert into results_state (organization_id, ytd_as_of) values (${org}, ${signature})
    on conflict (organization_id) do update set ytd_as_of = excluded.ytd_as_of`);
}

/** Every KPI the queue names, with the months it changed in, closed over the roll-ups that read them. */
async function dirtyKpis(tx: TenantTx, organization: ResultsOrganization, pending: ReadonlyArray<{ kind: string; ref: string; key: string }>): Promise<Dirty> {
  const org = tx.organizationId;
  const dirty: Dirty = new Map();
  const mark = (kpiId: string, months: Iterable<IsoDate> | 'all') => {
    const known = dirty.get(kpiId);
    if (known === 'all') return;
    if (months === 'all') return void dirty.set(kpiId, 'all');
    const set = known ?? new Set<IsoDate>();
    for (const m of months) set.add(m);
    dirty.set(kpiId, set);
  };
  const metricMonths = groupBy(
    pending.filter((p) => p.kind === 'metric'),
    (p) => p.ref,
  );
  if (metricMonths.size > 0) {
    const uses = rowsOf<{ kpi_id: string; metric_id: string }>(
      await tx.execute(sql`select kpi_id, metric_id from kpi_metrics where organization_id = ${org} and metric_id = any(${arrayLiteral(metricMonths.keys())}::uuid[])`),
    );
    for (const u of uses) {
      const months = metricMonths.get(u.metric_id)!.map((p) => p.key);
      mark(u.kpi_id, months.includes('*') ? 'all' : months);
    }
  }
  for (const p of pending) {
    if (p.kind === 'kpi') mark(p.ref, 'all');
    if (p.kind === 'target') {
      // A target is a change in the months its period covers (lib/results/periods periodsTouchingMonths).
      const period = safeParsePeriodKey(p.key, organization);
      if (period.ok) mark(p.ref, monthsBetween(period.period.start, period.period.end));
      else mark(p.ref, 'all');
    }
  }
  if (dirty.size === 0) return dirty;
  // The roll-ups above them, at any depth: a parent changes in the months its contributor did.
  const edges = rowsOf<{ child: string; parent: string }>(
    await tx.execute(sql`
      with recursive up(child, parent) as (
        select l.child_kpi_id, l.parent_kpi_id from kpi_links l
        where l.organization_id = ${org} and l.child_kpi_id = any(${arrayLiteral(dirty.keys())}::uuid[])
        union
        select l.child_kpi_id, l.parent_kpi_id from kpi_links l join up on l.child_kpi_id = up.parent where l.organization_id = ${org}
      ) select child, parent from up`),
  );
  // Until nothing grows (the links form a DAG, so at most one pass per level).
  const size = (m: Set<IsoDate> | 'all' | undefined) => (m === undefined ? -1 : m === 'all' ? Infinity : m.size);
  for (let grew = true, passes = 0; grew && passes <= edges.length; passes++) {
    grew = false;
    for (const e of edges) {
      const months = dirty.get(e.child);
      if (!months) continue;
      const before = size(dirty.get(e.parent));
      mark(e.parent, months);
      if (size(dirty.get(e.parent)) !== before) grew = true;
    }
  }
  return dirty;
}

/**
 * Recomputes the dirty KPIs at the periods their months touch (all periods for
 * a changed definition) and writes them; returns the periods written and adds
 * the KPIs' units to `touchedUnits`.
 */
async function recomputeKpis(
  tx: TenantTx,
  organization: ResultsOrganization,
  today: IsoDate,
  dirty: Dirty,
  touchedUnits: Set<string>,
): Promise<Map<string, ScorecardPeriod>> {
  const written = new Map<string, ScorecardPeriod>();
  if (dirty.size === 0) return written;
  const whole = [...dirty].filter(([, m]) => m === 'all').map(([id]) => id);
  const some = [...dirty].filter((e): e is [string, Set<IsoDate>] => e[1] !== 'all');
  const groups: { ids: string[]; periods: (k: LoadedKpi) => ScorecardPeriod[]; union: ScorecardPeriod[] }[] = [];
  if (whole.length) {
    const all = await horizon(tx, organization, today);
    groups.push({ ids: whole, periods: (k) => all.filter((p) => isCountedAt(k.frequency, p.kind)), union: all });
  }
  if (some.length) {
    const union = new Map<string, ScorecardPeriod>();
    for (const [, months] of some) for (const p of periodsTouchingMonths('week', months, organization)) union.set(p.key, p);
    // Each of them is written at every period of the union it is counted at (a few more than its own months
    // touch), so clearing the union before writing leaves nothing stale.
    groups.push({ ids: some.map(([id]) => id), periods: (k) => [...union.values()].filter((p) => isCountedAt(k.frequency, p.kind)), union: [...union.values()] });
  }
  for (const group of groups) {
    const { engine, kpis } = await loadResults(tx, organization, { kpiIds: group.ids, periods: group.union, today });
    const ids = new Set(group.ids);
    // Results are kept for live KPIs; a draft or retired one loses its rows (a deleted one lost them by cascade).
    const targets = [...kpis.values()].filter((k) => ids.has(k.id));
    for (const k of targets) touchedUnits.add(k.unitId);
    const perKpi = targets.map((k) => ({ kpi: k, periods: k.state === 'active' ? group.periods(k) : [] }));
    await writeRows(tx, engine, perKpi, group.union);
    for (const p of group.union) written.set(p.key, p);
  }
  return written;
}

type ResultRow = [string, string, number | null, number | null, number | null, number | null, number | null, string[] | null, number | null, string];

/**
 * Writes the KPIs' results at their periods: a row where there is an actual or a
 * target. With `clear`, first every row of theirs at `clear` periods goes, so a
 * result that became empty (or a KPI no longer live) leaves nothing behind.
 */
async function writeRows(
  tx: TenantTx,
  engine: ResultsEngine,
  work: ReadonlyArray<{ kpi: LoadedKpi; periods: readonly ScorecardPeriod[] }>,
  clear: readonly ScorecardPeriod[],
) {
  const org = tx.organizationId;
  const rows: ResultRow[] = [];
  for (const { kpi, periods } of work) {
    for (const period of periods) {
      const r = engine.result(kpi.id, period);
      if (!r.counted || (r.actual === null && r.target === null)) continue;
      const t = r.target;
      rows.push([
        kpi.id,
        period.key,
        r.actual,
        t && 'value' in t ? t.value : null,
        t && 'low' in t ? t.low : null,
        t && 'high' in t ? t.high : null,
        r.derivation ? r.derivation.count : null,
        r.derivation ? r.derivation.missing : null,
        r.score,
        r.status,
      ]);
    }
  }
  if (work.length === 0) return;
  if (clear.length) {
    await tx.execute(sql`
      delete from kpi_results where organization_id = ${org}
        and kpi_id = any(${arrayLiteral(work.map((w) => w.kpi.id))}::uuid[]) and period_key = any(${arrayLiteral(clear.map((p) => p.key))}::text[])`);
  }
  // One statement whatever the number of rows; JSON keeps the doubles exact (17 significant digits).
  for (let i = 0; i < rows.length; i += 20_000) {
    await tx.execute(sql`
      insert into kpi_results (organization_id, kpi_id, period_key, actual, target_value, target_low, target_high, target_parts, target_missing, score, status)
      select ${org}, (r->>0)::uuid, r->>1, (r->>2)::float8, (r->>3)::float8, (r->>4)::float8, (r->>5)::float8, (r->>6)::smallint,
        case when r->7 = 'null'::jsonb then null else array(select jsonb_array_elements_text(r->7)) end, (r->>8)::float8, (r->>9)::result_status
      from jsonb_array_elements(${JSON.stringify(rows.slice(i, i + 20_000))}::jsonb) r`);
  }
}

/** Everything again: every live KPI at every period from the organization's first value or target to today. */
async function recomputeEverything(tx: TenantTx, organization: ResultsOrganization, today: IsoDate) {
  const periods = await horizon(tx, organization, today);
  const { engine, kpis } = await loadResults(tx, organization, { kpiIds: 'all', periods, today });
  await tx.execute(sql`delete from kpi_results where organization_id = ${tx.organizationId}`);
  const live = [...kpis.values()].filter((k) => k.state === 'active');
  await writeRows(tx, engine, live.map((kpi) => ({ kpi, periods: periods.filter((p) => isCountedAt(kpi.frequency, p.kind)) })), []);
  await recomputeUnits(tx, organization, today, 'all', periods);
}

/** Every period of every kind from the organization's first value or target to today (or its last target), years to date included. */
async function horizon(tx: TenantTx, organization: ResultsOrganization, today: IsoDate): Promise<ScorecardPeriod[]> {
  const [row] = rowsOf<{ first_month: string | null; last_month: string | null; keys: string[] | string | null }>(
    await tx.execute(sql`
      select (select min(month)::text from metric_months where organization_id = ${tx.organizationId}) as first_month,
        (select max(month)::text from metric_months where organization_id = ${tx.organizationId}) as last_month,
        (select json_agg(distinct period_key) from kpi_targets where organization_id = ${tx.organizationId}) as keys`),
  );
  const dates = [today];
  if (row?.first_month) dates.push(row.first_month);
  if (row?.last_month) dates.push(row.last_month);
  for (const key of decodeJson(row?.keys ?? []) ?? []) {
    const p = safeParsePeriodKey(key, organization);
    if (p.ok) dates.push(p.period.start, p.period.end);
  }
  dates.sort();
  return periodsTouchingMonths('week', monthsBetween(dates[0]!, dates[dates.length - 1]!), organization);
}

/** The periods the store holds results for (for a change of the unit tree: every unit at each of them). */
async function storedPeriods(tx: TenantTx, organization: ResultsOrganization): Promise<ScorecardPeriod[]> {
  const keys = rowsOf<{ period_key: string }>(
    await tx.execute(sql`
      select distinct period_key from kpi_results where organization_id = ${tx.organizationId}
      union select distinct period_key from unit_results where organization_id = ${tx.organizationId}`),
  );
  return keys.flatMap((k) => {
    try {
      return [parseScorePeriodKey(k.period_key, organization)];
    } catch {
      return [];
    }
  });
}

/**
 * Every unit above the given ones (or all of them) rolled up again at the
 * periods (product.md §3): own live KPIs counted at the period with a score,
 * child units with a score; coverage over the subtree's counted KPIs. Reads
 * the stored KPI results and, for children outside the set, their stored roll-ups.
 */
async function recomputeUnits(
  tx: TenantTx,
  organization: ResultsOrganization,
  today: IsoDate,
  changed: ReadonlySet<string> | 'all',
  periods: readonly ScorecardPeriod[],
) {
  if (periods.length === 0) return;
  const org = tx.organizationId;
  const units = rowsOf<{ id: string; parent_id: string | null; weight: number | string; archived: boolean }>(
    await tx.execute(sql`select id, parent_id, weight, archived_at is not null as archived from org_units where organization_id = ${org}`),
  );
  const byId = new Map(units.map((u) => [u.id, u]));
  const childrenOf = groupBy(
    units.filter((u) => !u.archived),
    (u) => u.parent_id ?? '',
  );
  // The live tree: units that are not archived and have no archived ancestor.
  const live = new Set<string>();
  const walk = (id: string) => {
    live.add(id);
    for (const c of childrenOf.get(id) ?? []) walk(c.id);
  };
  for (const root of childrenOf.get('') ?? []) walk(root.id);
  const affected = new Set<string>();
  if (changed === 'all') for (const id of live) affected.add(id);
  else
    for (const id of changed) for (let u = byId.get(id); u && live.has(u.id) && !affected.has(u.id); u = u.parent_id ? byId.get(u.parent_id) : undefined) affected.add(u.id);
  const keys = periods.map((p) => p.key);
  const outside = [...affected].flatMap((id) => (childrenOf.get(id) ?? []).filter((c) => !affected.has(c.id)).map((c) => c.id));
  const [kpiRows, childRows] = await Promise.all([
    tx.execute(sql`
      select k.id, k.unit_id, k.weight, k.frequency,
        coalesce(case when k.unit_id = any(${arrayLiteral(affected)}::uuid[]) then (select json_agg(json_build_array(r.period_key, r.score)) from kpi_results r
          where r.organization_id = k.organization_id and r.kpi_id = k.id and r.period_key = any(${arrayLiteral(keys)}::text[])) end, '[]') as results
      from kpis k
      where k.organization_id = ${org} and k.state = 'active'`),
    outside.length
      ? tx.execute(sql`
          select unit_id, period_key, score, covered from unit_results
          where organization_id = ${org} and unit_id = any(${arrayLiteral(outside)}::uuid[]) and period_key = any(${arrayLiteral(keys)}::text[])`)
      : Promise.resolve([]),
  ]);
  const kpisOf = groupBy(
    rowsOf<{ id: string; unit_id: string; weight: number | string; frequency: LoadedKpi['frequency']; results: [string, number | null][] | string }>(kpiRows).map((k) => ({
      unitId: k.unit_id,
      weight: Number(k.weight),
      frequency: k.frequency,
      scores: new Map(decodeJson(k.results).map(([key, score]) => [key, score])),
    })),
    (k) => k.unitId,
  );
  const stored = new Map(
    rowsOf<{ unit_id: string; period_key: string; score: number | null; covered: number }>(childRows).map((r) => [`${r.unit_id}|${r.period_key}`, r]),
  );
  const thresholds = organization.policy.statusThresholds;
  const out: [string, string, number | null, string, number, number][] = [];
  for (const period of periods) {
    const counts = (k: { frequency: LoadedKpi['frequency'] }) => isCountedAt(k.frequency, period.kind) && measuredRange(k.frequency, period, today, organization) !== null;
    // How many KPIs a subtree counts follows from the live KPIs and the tree; only score and coverage are stored.
    const countedIn = (id: string): number =>
      (kpisOf.get(id) ?? []).filter(counts).length + (childrenOf.get(id) ?? []).reduce((n, c) => n + countedIn(c.id), 0);
    const memo = new Map<string, { score: number | null; counted: number; covered: number }>();
    const rollUp = (id: string): { score: number | null; counted: number; covered: number } => {
      if (!affected.has(id)) {
        const s = stored.get(`${id}|${period.key}`);
        return { score: s?.score ?? null, counted: countedIn(id), covered: s?.covered ?? 0 };
      }
      const known = memo.get(id);
      if (known) return known;
      const own = (kpisOf.get(id) ?? []).filter(counts);
      const kids = (childrenOf.get(id) ?? []).map((c) => ({ weight: Number(c.weight), result: rollUp(c.id) }));
      const score = unitScore(
        own.map((k) => ({ score: k.scores.get(period.key) ?? null, weight: k.weight })),
        kids.map((c) => ({ score: c.result.score, weight: c.weight })),
      );
      const result = {
        score,
        counted: own.length + kids.reduce((s, c) => s + c.result.counted, 0),
        covered: own.filter((k) => (k.scores.get(period.key) ?? null) !== null).length + kids.reduce((s, c) => s + c.result.covered, 0),
      };
      memo.set(id, result);
      return result;
    };
    for (const id of affected) {
      const r = rollUp(id);
      // Nothing covered and no score is what a missing row reads as: such rows are not kept.
      if (r.covered > 0 || r.score !== null) out.push([id, period.key, r.score, statusOf(r.score, thresholds), r.counted, r.covered]);
    }
  }
  if (changed === 'all') await tx.execute(sql`delete from unit_results where organization_id = ${org} and period_key = any(${arrayLiteral(keys)}::text[])`);
  else
    await tx.execute(sql`
      delete from unit_results where organization_id = ${org}
        and unit_id = any(${arrayLiteral(affected)}::uuid[]) and period_key = any(${arrayLiteral(keys)}::text[])`);
  for (let i = 0; i < out.length; i += 20_000) {
    await tx.execute(sql`
      insert into unit_results (organization_id, unit_id, period_key, score, status, counted, covered)
      select ${org}, (r->>0)::uuid, r->>1, (r->>2)::float8, (r->>3)::result_status, (r->>4)::int, (r->>5)::int
      from jsonb_array_elements(${JSON.stringify(out.slice(i, i + 20_000))}::jsonb) r`);
  }
}

