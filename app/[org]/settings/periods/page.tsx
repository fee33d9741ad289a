import type { Metadata } from 'next';
import Link from 'next/link';
import { Table, Td, Th } from '@/app/_components/ui/table';
import { getDatabase } from '@/db';
import { formatDate } from '@/lib/metrics/format';
import { getOrgContext } from '@/lib/organizations/context';
import { listPeriodLockRows, recentEndedPeriods } from '@/lib/period-locks/queries';
import { periodLabel, type PeriodKind } from '@/lib/periods';
import { LockPeriodForm, UnlockPeriodButton, type PeriodChoices } from './period-lock-forms';

export const metadata: Metadata = { title: 'Closed periods' };

const kinds: { kind: PeriodKind; label: string; count: number }[] = [
  { kind: 'month', label: 'Month', count: 12 },
  { kind: 'quarter', label: 'Quarter', count: 8 },
  { kind: 'year', label: 'Fiscal year', count: 3 },
  { kind: 'week', label: 'Week', count: 12 },
];

/** Settings → Closed periods: everyone sees the locks; owners and admins lock and unlock. */
export default async function ClosedPeriodsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const ctx = await getOrgContext(slug);
  const { organization } = ctx;
  const editable = ctx.can('periods.lock');
  const db = await getDatabase();
  const locks = await db.withTenant(organization.id, (tx) => listPeriodLockRows(tx, organization));
  const locked = new Set(locks.map((l) => l.periodKey));
  const today = ctx.today;
  const choices: PeriodChoices = kinds.map(({ kind, label, count }) => ({
    kind,
    label,
    periods: recentEndedPeriods(kind, today, organization, count)
      .filter((p) => !locked.has(p.key))
      .map((p) => ({ key: p.key, label: `${periodLabel(p, organization)} (${formatDate(p.start)} – ${formatDate(p.end)})` })),
  }));

  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <p className="text-sm">
          <Link href={`/${slug}/settings`} className="text-brand-700 underline-offset-2 hover:underline">
            Settings
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">Closed periods</h1>
        <p className="mt-1 text-sm text-slate-600">
          Values dated in a locked period can no longer change, from the app, CSV imports or the API.
          {!editable && ' Only owners and admins can lock and unlock periods.'}
        </p>
      </div>

      <section aria-labelledby="locked-periods" className="space-y-3">
        <h2 id="locked-periods" className="text-lg font-semibold">
          Locked periods
        </h2>
        {locks.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">No period is locked yet.</p>
        ) : (
          <Table caption="Locked periods">
            <thead>
              <tr>
                <Th>Period</Th>
                <Th>Dates</Th>
                <Th>Locked by</Th>
                <Th>Locked on</Th>
                {editable && (
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                )}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {locks.map((lock) => (
                <tr key={lock.periodKey}>
                  <Td className="font-medium">
                    {lock.label} <span className="text-xs text-slate-500">({lock.periodKey})</span>
                  </Td>
                  <Td>
                    {formatDate(lock.startDate)} – {formatDate(lock.endDate)}
                  </Td>
                  <Td>{lock.lockedByName ?? 'A former member'}</Td>
                  <Td>{formatDate(lock.lockedAt.toISOString().slice(0, 10))}</Td>
                  {editable && (
                    <Td className="text-right">
                      <UnlockPeriodButton slug={slug} periodKey={lock.periodKey} label={lock.label} />
                    </Td>
                  )}
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </section>

      {editable && (
        <section aria-labelledby="lock-period" className="space-y-3 rounded-lg border border-slate-200 bg-white p-6">
          <h2 id="lock-period" className="text-lg font-semibold">
            Lock a period
          </h2>
          <LockPeriodForm slug={slug} choices={choices} />
        </section>
      )}
    </div>
  );
}
