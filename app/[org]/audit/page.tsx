import type { Metadata } from 'next';
import { NotAllowed } from '@/app/_components/ui/not-allowed';
import { Table, Td, Th } from '@/app/_components/ui/table';
import { getDatabase } from '@/db';
import { auditFilterSchema, auditPageSize, getAuditFacets, listAuditEntries } from '@/lib/audit/queries';
import { getOrgContext } from '@/lib/organizations/context';
import { canAnywhere } from '@/lib/permissions';
import { getUnitTree } from '@/lib/units/queries';
import { headedUnitIds } from '@/lib/units/tree';

export const metadata: Metadata = { title: 'Audit log' };

export default async function AuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { org: slug } = await params;
  const ctx = await getOrgContext(slug);
  if (!ctx.can('audit_log.view')) {
    return (
      <NotAllowed title="Audit log">
        You are not allowed to read the audit log. Owners and admins read all of it, unit heads what concerns their units.
      </NotAllowed>
    );
  }
  const filter = auditFilterSchema.parse(await searchParams);
  const db = await getDatabase();
  const { entries, facets } = await db.withTenant(ctx.organization.id, async (tx) => {
    const all = canAnywhere(ctx.role, 'audit_log.view');
    const tree = all ? [] : await getUnitTree(tx);
    const unitIds = all ? undefined : [...headedUnitIds(ctx.headOf, tree)];
    return { entries: await listAuditEntries(tx, filter, unitIds), facets: await getAuditFacets(tx) };
  });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <p className="mt-1 text-sm text-slate-600">Every change, who made it and what it was before and after. Entries cannot be edited.</p>
      </div>
      <form method="get" aria-label="Filter the audit log" className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <label className="flex flex-col gap-1">
          <span className="font-medium">Person</span>
          <select name="actor" defaultValue={filter.actor ?? ''} className="rounded-md border border-slate-300 px-2 py-1.5">
            <option value="">Anyone</option>
            {facets.actors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">Kind</span>
          <select name="entity" defaultValue={filter.entity ?? ''} className="rounded-md border border-slate-300 px-2 py-1.5">
            <option value="">Everything</option>
            {facets.entityTypes.map((t) => (
              <option key={t} value={t}>
                {t.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">From</span>
          <input type="date" name="from" defaultValue={filter.from} className="rounded-md border border-slate-300 px-2 py-1.5" />
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-medium">To</span>
          <input type="date" name="to" defaultValue={filter.to} className="rounded-md border border-slate-300 px-2 py-1.5" />
        </label>
        <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700">
          Filter
        </button>
      </form>
      {entries.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">No entries match these filters.</p>
      ) : (
        <Table caption="Audit log entries">
          <thead>
            <tr>
              <Th>When</Th>
              <Th>Who</Th>
              <Th>What</Th>
              <Th>Before</Th>
              <Th>After</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 align-top">
            {entries.map((e) => (
              <tr key={e.id}>
                <Td className="whitespace-nowrap text-slate-500">{e.createdAt.toISOString().replace('T', ' ').slice(0, 16)}</Td>
                <Td>{e.actorName ?? (e.actorTokenName ? `API token ${e.actorTokenName}` : 'System')}</Td>
                <Td>
                  <code className="text-xs">{e.action}</code>
                </Td>
                <Td>
                  <Json value={e.before} />
                </Td>
                <Td>
                  <Json value={e.after} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {entries.length === auditPageSize && <p className="text-sm text-slate-500">Showing the latest {auditPageSize}; narrow the dates to see older entries.</p>}
    </div>
  );
}

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="text-slate-400">—</span>;
  return <pre className="max-w-xs overflow-x-auto text-xs whitespace-pre-wrap text-slate-700">{JSON.stringify(value, null, 1)}</pre>;
}
