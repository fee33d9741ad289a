import { memberJsonRoute } from '@/lib/organizations/context';
import { getInboxCounts } from '@/lib/proposals/inbox';

/** The sidebar's live badge: proposals waiting for the signed-in member's vote or decision. */
export const GET = memberJsonRoute('organization.view', (tx, actor, member) => getInboxCounts(tx, actor, member.organization.policy));
