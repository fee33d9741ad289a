import { NextResponse } from 'next/server';
import { getDatabase } from '@/db';
import { getMyUpdateCounts } from '@/lib/check-ins/my-updates';
import { findSignedInMember } from '@/lib/organizations/context';
import { canAnywhere } from '@/lib/permissions';
import { getUnitRolesOf } from '@/lib/units/queries';

const headers = { 'Cache-Control': 'private, no-store' };

/** The sidebar's live "My updates" badge: what the signed-in member owes (viewers owe nothing). */
export async function GET(_request: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const member = await findSignedInMember(slug);
  if (!member || !canAnywhere(member.role, 'organization.view')) {
    return NextResponse.json({ error: 'Not found' }, { status: 404, headers });
  }
  const db = await getDatabase();
  const counts = await db.withTenant(member.organization.id, async (tx) => {
    const { headOf } = await getUnitRolesOf(tx, member.user.id);
    return getMyUpdateCounts(tx, member.organization, { userId: member.user.id, role: member.role, headOf });
  });
  return NextResponse.json(counts, { headers });
}
