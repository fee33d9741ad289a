import { defineOrgAction } from '@/lib/action-runner';
import { changeSlug, updateApprovalPolicy } from './settings';
import { approvalPolicySchema, slugInputSchema } from './settings-schemas';

export const organizationSettingsActions = {
  changeSlug: defineOrgAction({
    permission: 'organization.update',
    schema: slugInputSchema,
    async run({ tx, audit }, input) {
      const { before, after } = await changeSlug(tx, input.slug);
      audit({ action: 'organization.slug', entityType: 'organization', entityId: tx.organizationId, before: { slug: before }, after: { slug: after } });
      return { slug: after };
    },
  }),
  updateApprovalPolicy: defineOrgAction({
    permission: 'organization.update',
    schema: approvalPolicySchema,
    async run({ tx, audit }, input) {
      const { before, after } = await updateApprovalPolicy(tx, input);
      audit({ action: 'organization.policy', entityType: 'organization', entityId: tx.organizationId, before, after });
      return after;
    },
  }),
};
