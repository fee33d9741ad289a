'use server';

import { redirect } from 'next/navigation';
import { getDatabase } from '@/db';
import { orgAction } from '@/lib/actions';
import { getCurrentUser } from '@/lib/auth/session';
import { deleteOrganization } from '@/lib/organizations/delete';
import { organizationSettingsActions } from '@/lib/organizations/settings-actions';

const changeSlug = orgAction(organizationSettingsActions.changeSlug);

/** After a new slug the page lives at a new address: go there (the old one keeps redirecting). */
export async function changeSlugAction(slug: string, previous: unknown, raw: unknown) {
  const result = await changeSlug(slug, previous, raw);
  if (result.ok && result.data.slug !== slug) redirect(`/${result.data.slug}/settings?moved=1`);
  return result;
}

export const updateApprovalPolicyAction = orgAction(organizationSettingsActions.updateApprovalPolicy);

export async function deleteOrganizationAction(slug: string, _previous: unknown, raw: unknown) {
  const user = await getCurrentUser();
  const result = await deleteOrganization(await getDatabase(), user?.id ?? null, slug, raw);
  if (result.ok) redirect('/account?deleted=1');
  return result;
}
