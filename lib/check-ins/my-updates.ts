import { and, asc, eq } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { anyOf } from '@/db/any-of';
import { metrics } from '@/db/schema';
import { getMetricStaleness } from '@/lib/metrics/staleness-queries';
import type { MeasureUnit } from '@/lib/metrics/schemas';
import type { OrganizationPolicy } from '@/lib/organizations/policy';
import type { FiscalCalendar, IsoDate, Period } from '@/lib/periods';
import { listInbox, type InboxActor, type InboxRow } from '@/lib/proposals/inbox';
import { listRecentValues, type RecentValue } from './queries';
import { entryDateOf } from './rules';

export type OverdueValue = {
  metricId: string;
  key: string;
  name: string;
  unit: MeasureUnit;
  currencyCode: string | null;
  due: Period;
  /** The date the value is recorded at: the due period's last day (rules.ts entryDateOf). */
  date: string;
  overdueSince: string | null;
  history: RecentValue[];
};

export type MyUpdates = { overdue: OverdueValue[]; vote: InboxRow[]; decide: InboxRow[] };
export type MyUpdateCounts = { overdue: number; vote: number; decide: number; total: number };

type Organization = FiscalCalendar & { policy: OrganizationPolicy };

/**
 * Everything one person owes, in a fixed number of queries whatever they
 * owe: the staleness of every metric (one), the overdue ones they own with
 * their last three values (two), and the proposals inbox (four).
 * Viewers owe nothing.
 */
export async function getMyUpdates(tx: TenantTx, organization: Organization, actor: InboxActor, today: IsoDate): Promise<MyUpdates> {
  if (actor.role === 'viewer') return { overdue: [], vote: [], decide: [] };
  const [overdue, inbox] = await Promise.all([listOverdueValues(tx, organization, actor.userId, today), listInbox(tx, actor, organization.policy)]);
  return { overdue, vote: inbox.vote, decide: inbox.decide };
}

/** The sidebar's "My updates" badge. */
export async function getMyUpdateCounts(tx: TenantTx, organization: Organization, actor: InboxActor, today: IsoDate): Promise<MyUpdateCounts> {
  if (actor.role === 'viewer') return { overdue: 0, vote: 0, decide: 0, total: 0 };
  const [staleness, inbox] = await Promise.all([getMetricStaleness(tx, organization, today), listInbox(tx, actor, organization.policy)]);
  const overdue = [...staleness.values()].filter((s) => s.overdue && s.ownerId === actor.userId).length;
  return { overdue, vote: inbox.vote.length, decide: inbox.decide.length, total: overdue + inbox.vote.length + inbox.decide.length };
}

async function listOverdueValues(tx: TenantTx, organization: Organization, userId: string, today: string): Promise<OverdueValue[]> {
  const staleness = await getMetricStaleness(tx, organization, today);
  const mine = [...staleness.values()].filter((s) => s.overdue && s.ownerId === userId);
  if (mine.length === 0) return [];
  const ids = mine.map((s) => s.metricId);
  const [rows, history] = await Promise.all([
    tx
      .select({ id: metrics.id, key: metrics.key, name: metrics.name, unit: metrics.unit, currencyCode: metrics.currencyCode })
      .from(metrics)
      .where(and(eq(metrics.organizationId, tx.organizationId), anyOf(metrics.id, ids)))
      .orderBy(asc(metrics.name)),
    listRecentValues(tx, ids, today),
  ]);
  return rows.map((m) => {
    const s = staleness.get(m.id)!;
    return { metricId: m.id, key: m.key, name: m.name, unit: m.unit, currencyCode: m.currencyCode, due: s.due, date: entryDateOf(s.due), overdueSince: s.overdueSince, history: history.get(m.id) ?? [] };
  });
}
