import { defineOrgAction } from '@/lib/action-runner';
import { updateOrganizationSettings, updateScoringPolicy } from './mutations';
import { organizationSettingsSchema, scoringPolicySchema } from './schemas';

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
  updateScoringPolicy: defineOrgAction({
    permission: 'organization.update',
    schema: scoringPolicySchema,
    async run({ tx, audit }, input) {
      const { before, after } = await updateScoringPolicy(tx, input);
      audit({ action: 'organization.policy', entityType: 'organization', entityId: tx.organizationId, before, after });
      return after;
    },
  }),
};
