import type { Metadata } from 'next';
import { Badge } from '@/app/_components/ui/badge';
import { NotAllowed } from '@/app/_components/ui/not-allowed';
import { Table, Td, Th } from '@/app/_components/ui/table';
import { getDatabase } from '@/db';
import { listOpenInvitations } from '@/lib/invitations/queries';
import { formatRelativeTime } from '@/lib/notifications/relative-time';
import { getOrgContext } from '@/lib/organizations/context';
import { listMembers } from '@/lib/people/queries';
import { canAnywhere, orgRoles, roleLabels, type OrgRole } from '@/lib/permissions';
import { getUnitTree } from '@/lib/units/queries';
import { headedUnitIds } from '@/lib/units/tree';
import { listUnowned } from '@/lib/people/unowned';
import { NeedsAnOwner } from './_components/needs-an-owner';
import { InvitationButtons, InviteForm, RemoveMemberButton, RoleForm } from './_components/people-forms';

export const metadata: Metadata = { title: 'People' };

export default async function PeoplePage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const ctx = await getOrgContext(slug);
  if (!ctx.can('people.invite')) {
    return (
      <NotAllowed title="People">
        You are not allowed to manage people in {ctx.organization.name}. Owners, admins and unit heads can; ask one of them.
      </NotAllowed>
    );
  }
  const executive = canAnywhere(ctx.role, 'people.invite');
  const db = await getDatabase();
  const { members, tree, headedUnits, invitations, unowned } = await db.withTenant(ctx.organization.id, async (tx) => {
    const tree = await getUnitTree(tx);
    const headedUnits = headedUnitIds(ctx.headOf, tree);
    const invitations = await listOpenInvitations(tx, executive ? undefined : [...headedUnits]);
    return { tree, headedUnits, members: await listMembers(tx), invitations, unowned: executive ? await listUnowned(tx) : null };
  });
  const invitableUnits = tree.filter((u) => !u.archivedAt && (executive || headedUnits.has(u.id)));
  const inviteRoles: OrgRole[] = ctx.role === 'owner' ? [...orgRoles] : executive ? ['admin', 'member', 'viewer'] : ['member', 'viewer'];
  const manage = canAnywhere(ctx.role, 'people.manage');
  const now = new Date();
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">People</h1>
        <p className="mt-1 text-sm text-slate-600">
          {members.length} {members.length === 1 ? 'member' : 'members'} in {ctx.organization.name}.
          {!executive && ' As a unit head you can invite members and viewers into the units you head.'}
        </p>
      </div>
      {unowned && <NeedsAnOwner slug={slug} unowned={unowned} />}
      <Table caption="Members">
        <thead>
          <tr>
            <Th>Name</Th>
            <Th>Role</Th>
            <Th>Units</Th>
            <Th>Last active</Th>
            {manage && <Th className="sr-only">Actions</Th>}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {members.map((m) => {
            const editable = manage && (ctx.role === 'owner' || m.role !== 'owner');
            return (
              <tr key={m.userId}>
                <Td>
                  <div className="font-medium">{m.name}</div>
                  <div className="text-xs text-slate-500">{m.email}</div>
                </Td>
                <Td>
                  {editable && m.userId !== ctx.user.id ? (
                    <RoleForm slug={slug} userId={m.userId} name={m.name} role={m.role} roles={ctx.role === 'owner' ? [...orgRoles] : ['admin', 'member', 'viewer']} />
                  ) : (
                    <Badge tone={m.role === 'owner' || m.role === 'admin' ? 'brand' : 'neutral'}>{roleLabels[m.role]}</Badge>
                  )}
                </Td>
                <Td>
                  <div className="flex flex-wrap gap-1">
                    {m.units.length === 0 && <span className="text-slate-400">—</span>}
                    {m.units.map((u) => (
                      <Badge key={u.unitId} tone={u.role === 'head' ? 'green' : 'neutral'}>
                        {u.unitName}
                        {u.role === 'head' ? ' · head' : ''}
                      </Badge>
                    ))}
                  </div>
                </Td>
                <Td className="text-slate-500">{m.lastActiveAt ? formatRelativeTime(m.lastActiveAt, now) : 'Never'}</Td>
                {manage && <Td>{editable && m.userId !== ctx.user.id && <RemoveMemberButton slug={slug} userId={m.userId} name={m.name} />}</Td>}
              </tr>
            );
          })}
        </tbody>
      </Table>

      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <section aria-labelledby="invitations">
          <h2 id="invitations" className="mb-3 text-base font-semibold">
            Open invitations
          </h2>
          {invitations.length === 0 ? (
            <p className="rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-600">
              No open invitations. Invite the people who own your goals and KPIs.
            </p>
          ) : (
            <Table caption="Open invitations">
              <thead>
                <tr>
                  <Th>Email</Th>
                  <Th>Role</Th>
                  <Th>Expires</Th>
                  <Th className="sr-only">Actions</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {invitations.map((i) => (
                  <tr key={i.id}>
                    <Td>
                      <div className="font-medium">{i.email}</div>
                      <div className="text-xs text-slate-500">by {i.invitedByName}</div>
                    </Td>
                    <Td>
                      {roleLabels[i.role]}
                      {i.unitName && <div className="text-xs text-slate-500">{i.unitName} · {i.unitRole}</div>}
                    </Td>
                    <Td>{i.expiresAt <= now ? <Badge tone="amber">Expired</Badge> : i.expiresAt.toISOString().slice(0, 10)}</Td>
                    <Td>
                      <InvitationButtons slug={slug} invitationId={i.id} email={i.email} />
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </section>
        <section aria-labelledby="invite" className="rounded-lg border border-slate-200 bg-white p-6">
          <h2 id="invite" className="mb-3 text-base font-semibold">
            Invite someone
          </h2>
          <InviteForm
            slug={slug}
            roles={inviteRoles}
            unitRequired={!executive}
            units={invitableUnits.map((u) => ({ id: u.id, label: `${'— '.repeat(u.depth)}${u.name}` }))}
          />
        </section>
      </div>
    </div>
  );
}
