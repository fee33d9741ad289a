'use server';

import { orgAction } from '@/lib/actions';
import { updateOrganizationSettings } from '@/lib/organizations/mutations';
import { organizationSettingsSchema } from '@/lib/organizations/schemas';

export const updateOrganizationSettingsAction = orgAction({
  permission: 'organization.update',
  schema: organizationSettingsSchema,
  async run({ tx, audit }, input) {
    const { before, after } = await updateOrganizationSettings(tx, input);
    audit({ action: 'organization.update', entityType: 'organization', entityId: tx.organizationId, before, after });
    return after;
  },
});
