import { NextResponse } from 'next/server';
import { getDatabase } from '@/db';
import { findSignedInMember } from '@/lib/organizations/context';
import { canAnywhere } from '@/lib/permissions';
import { getInboxCounts } from '@/lib/proposals/inbox';
import { getUnitRolesOf } from '@/lib/units/queries';

const headers = { 'Cache-Control': 'private, no-store' };

/** The sidebar's live badge: proposals waiting for the signed-in member's vote or decision. */
export async function GET(_request: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const member = await findSignedInMember(slug);
  if (!member || !canAnywhere(member.role, 'organization.view')) {
    return NextResponse.json({ error: 'Not found' }, { status: 404, headers });
  }
  const db = await getDatabase();
  const counts = await db.withTenant(member.organization.id, async (tx) => {
    const { headOf } = await getUnitRolesOf(tx, member.user.id);
    return getInboxCounts(tx, { userId: member.user.id, role: member.role, headOf }, member.organization.policy);
  });
  return NextResponse.json(counts, { headers });
}
