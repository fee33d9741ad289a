import { NextResponse } from 'next/server';
import { getDatabase } from '@/db';
import { getNotificationFeed } from '@/lib/notifications/queries';
import { findSignedInMember } from '@/lib/organizations/context';
import { canAnywhere } from '@/lib/permissions';

const headers = { 'Cache-Control': 'private, no-store' };

/** The bell's live feed: the unread count and the latest notifications of the signed-in member. */
export async function GET(_request: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params;
  const member = await findSignedInMember(slug);
  if (!member || !canAnywhere(member.role, 'notifications.read')) {
    return NextResponse.json({ error: 'Not found' }, { status: 404, headers });
  }
  const db = await getDatabase();
  const feed = await db.withTenant(member.organization.id, (tx) => getNotificationFeed(tx, member.user.id));
  return NextResponse.json(feed, { headers });
}
