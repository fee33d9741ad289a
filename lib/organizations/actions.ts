import { defineOrgAction } from '@/lib/action-runner';
import { updateOrganizationSettings } from './mutations';
import { organizationSettingsSchema } from './schemas';

export const organizationActions = {
  updateSettings: defineOrgAction({
    permission: 'organization.update',
    schema: organizationSettingsSchema,
    async run({ tx, audit }, input) {
      const { before, after } = await updateOrganizationSettings(tx, input);
      audit({ action: 'organization.update', entityType: 'organization', entityId: tx.organizationId, before, after });
      return after;
    },
  }),
};
