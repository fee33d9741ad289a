import { defineOrgAction } from '@/lib/action-runner';
import { createInvitation, invitationUnitId, resendInvitation, revokeInvitation } from '@/lib/invitations/mutations';
import { createInvitationSchema, invitationIdSchema } from '@/lib/invitations/schemas';
import { changeRole, removeMember } from './mutations';
import { changeRoleSchema, removeMemberSchema } from './schemas';

/** People and invitation actions as data: app/[org]/people/actions.ts wraps them, tests drive them directly. */
export const peopleActions = {
  changeRole: defineOrgAction({
    permission: 'people.manage',
    schema: changeRoleSchema,
    run: (ctx, input) => changeRole(ctx, input),
  }),
  remove: defineOrgAction({
    permission: 'people.manage',
    schema: removeMemberSchema,
    run: (ctx, input) => removeMember(ctx, input),
  }),
  invite: defineOrgAction({
    permission: 'people.invite',
    schema: createInvitationSchema,
    unit: (input) => input.unitId,
    run: (ctx, input) => createInvitation(ctx, input),
  }),
  resendInvitation: defineOrgAction({
    permission: 'people.invite',
    schema: invitationIdSchema,
    unit: (input, tx) => invitationUnitId(tx, input.invitationId),
    run: (ctx, input) => resendInvitation(ctx, input),
  }),
  revokeInvitation: defineOrgAction({
    permission: 'people.invite',
    schema: invitationIdSchema,
    unit: (input, tx) => invitationUnitId(tx, input.invitationId),
    run: (ctx, input) => revokeInvitation(ctx, input),
  }),
};
