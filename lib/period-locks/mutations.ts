import { and, eq } from 'drizzle-orm';
import { periodLocks } from '@/db/schema';
import type { OrgActionContext } from '@/lib/action-runner';
import { ExpectedError } from '@/lib/errors';
import { periodLabel, safeParsePeriodKey } from '@/lib/periods';
import type { LockPeriodInput, UnlockPeriodInput } from './schemas';

type Ctx = Pick<OrgActionContext, 'tx' | 'actor' | 'audit' | 'organization' | 'today'>;

const keyError = (message: string, code: ExpectedError['code'] = 'invalid') => new ExpectedError(message, { periodKey: [message] }, code);

/**
 * Locks a closed period: from then on no value dated inside it may change,
 * from any path (the batch writer refuses it, a trigger backs it up). Only a
 * period that has ended can be locked; the key is read in the organization's
 * fiscal calendar ("2027" with an October start runs from 1 Oct 2026).
 */
export async function lockPeriod({ tx, actor, audit, organization, today }: Ctx, input: LockPeriodInput) {
  const parsed = safeParsePeriodKey(input.periodKey, organization);
  if (!parsed.ok) throw keyError(parsed.error);
  const { period } = parsed;
  const label = periodLabel(period, organization);
  if (period.end >= today) throw keyError(`${label} has not ended yet (it ends on ${period.end}); only closed periods can be locked`);
  const [lock] = await tx
    .insert(periodLocks)
    .values({ organizationId: tx.organizationId, periodKey: period.key, kind: period.kind, startDate: period.start, endDate: period.end, lockedBy: actor.userId })
    .onConflictDoNothing()
    .returning();
  if (!lock) throw keyError(`${label} is already locked`, 'conflict');
  audit({
    action: 'period.lock',
    entityType: 'period_lock',
    entityId: period.key,
    after: { periodKey: period.key, kind: period.kind, startDate: period.start, endDate: period.end },
  });
  return { periodKey: period.key, label };
}

/** Unlocks a period, so its values may change again. */
export async function unlockPeriod({ tx, audit, organization }: Ctx, input: UnlockPeriodInput) {
  const [removed] = await tx
    .delete(periodLocks)
    .where(and(eq(periodLocks.organizationId, tx.organizationId), eq(periodLocks.periodKey, input.periodKey)))
    .returning();
  if (!removed) throw keyError(`${input.periodKey} is not locked`, 'not_found');
  const label = periodLabel({ kind: removed.kind, key: removed.periodKey, start: removed.startDate, end: removed.endDate }, organization);
  audit({
    action: 'period.unlock',
    entityType: 'period_lock',
    entityId: removed.periodKey,
    before: { periodKey: removed.periodKey, kind: removed.kind, startDate: removed.startDate, endDate: removed.endDate, lockedBy: removed.lockedBy },
  });
  return { periodKey: removed.periodKey, label };
}
