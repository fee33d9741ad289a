import { organizationToday } from '@/lib/periods';
import { getMyUpdateCounts } from '@/lib/check-ins/my-updates';
import { memberJsonRoute } from '@/lib/organizations/context';

/** The sidebar's live "My updates" badge: what the signed-in member owes (viewers owe nothing). */
export const GET = memberJsonRoute('organization.view', (tx, actor, member) => getMyUpdateCounts(tx, member.organization, actor, organizationToday(member.organization)));
