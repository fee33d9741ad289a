import { and, asc, eq, inArray } from 'drizzle-orm';
import type { TenantTx } from '@/db';
import { jobs, memberships, metrics, organizations, users } from '@/db/schema';
import { enqueueEmail } from '@/lib/email/outbox';
import { overdueDigestEmail } from '@/lib/email/templates';
import { env } from '@/lib/env';
import { getMetricStaleness } from '@/lib/metrics/staleness-queries';
import { notify } from '@/lib/notifications/mutations';
import { readPolicy } from '@/lib/organizations/policy';
import { periodLabel, type IsoDate } from '@/lib/periods';

/** The per-organization digest job of a day: its key makes it exist once. */
export const overdueDigestKey = (organizationId: string, day: IsoDate) => `overdue_digest:${organizationId}:${day}`;

export type OwedValue = { metricId: string; name: string; periodLabel: string; overdueSince: IsoDate };

/**
 * Tells each owner of overdue metrics what they owe: one email (through the
 * outbox) and one notification per owner, in the caller's transaction. Owners
 * with nothing overdue hear nothing. Returns the number of owners told.
 * A constant number of queries whatever the number of metrics and owners.
 */
export async function sendOverdueDigest(tx: TenantTx, today: IsoDate): Promise<number> {
  const [row] = await tx
    .select({ name: organizations.name, slug: organizations.slug, fiscalYearStartMonth: organizations.fiscalYearStartMonth, policy: organizations.policy })
    .from(organizations)
    .where(eq(organizations.id, tx.organizationId));
  if (!row) return 0;
  const organization = { ...row, policy: readPolicy(row.policy) };
  const staleness = await getMetricStaleness(tx, organization, today);
  const overdue = [...staleness.values()].filter((s) => s.overdue && s.ownerId);
  if (overdue.length === 0) return 0;

  const [named, owners] = await Promise.all([
    tx
      .select({ id: metrics.id, name: metrics.name })
      .from(metrics)
      .where(and(eq(metrics.organizationId, tx.organizationId), inArray(metrics.id, overdue.map((s) => s.metricId))))
      .orderBy(asc(metrics.name)),
    // Only current members: the metric's owner key points at a membership, but say so anyway.
    tx
      .select({ id: users.id, email: users.email, name: users.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organizationId, tx.organizationId), inArray(memberships.userId, [...new Set(overdue.map((s) => s.ownerId!))]))),
  ]);
  const nameOf = new Map(named.map((m) => [m.id, m.name]));
  const owed = new Map<string, OwedValue[]>();
  for (const s of overdue) {
    const list = owed.get(s.ownerId!) ?? [];
    list.push({ metricId: s.metricId, name: nameOf.get(s.metricId) ?? 'A metric', periodLabel: periodLabel(s.due, organization), overdueSince: s.overdueSince! });
    owed.set(s.ownerId!, list);
  }

  const link = `/${organization.slug}/updates`;
  let told = 0;
  for (const owner of owners) {
    const items = (owed.get(owner.id) ?? []).sort((a, b) => a.name.localeCompare(b.name));
    if (items.length === 0) continue;
    const email = overdueDigestEmail({ organizationName: organization.name, ownerName: owner.name, items, link: `${env.APP_URL}${link}` });
    await enqueueEmail(tx, { to: owner.email, ...email });
    await notify(tx, [owner.id], {
      kind: 'metrics.overdue',
      title: items.length === 1 ? `A value is overdue: ${items[0]!.name}` : `${items.length} values are overdue`,
      body: items.map((i) => `${i.name} (${i.periodLabel})`).join(', '),
      link,
    });
    told++;
  }
  return told;
}

/**
 * Sends today's digest now unless this day's digest job exists, and records
 * it as done so the worker does not send it again: for the demo seed, which
 * wants a digest in the development mailbox at once.
 */
export async function sendOverdueDigestOnce(tx: TenantTx, today: IsoDate): Promise<number> {
  const created = await tx
    .insert(jobs)
    .values({
      kind: 'overdue_digest',
      key: overdueDigestKey(tx.organizationId, today),
      payload: { organizationId: tx.organizationId, day: today },
      status: 'done',
      doneAt: new Date(),
    })
    .onConflictDoNothing({ target: jobs.key })
    .returning({ id: jobs.id });
  return created.length ? sendOverdueDigest(tx, today) : 0;
}
