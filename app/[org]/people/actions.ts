'use server';

import { orgAction } from '@/lib/actions';
import { createInvitation, invitationUnitId, resendInvitation, revokeInvitation } from '@/lib/invitations/mutations';
import { createInvitationSchema, invitationIdSchema } from '@/lib/invitations/schemas';
import { changeRole, removeMember } from '@/lib/people/mutations';
import { changeRoleSchema, removeMemberSchema } from '@/lib/people/schemas';

export const changeRoleAction = orgAction({
  permission: 'people.manage',
  schema: changeRoleSchema,
  run: (ctx, input) => changeRole(ctx, input),
});

export const removeMemberAction = orgAction({
  permission: 'people.manage',
  schema: removeMemberSchema,
  run: (ctx, input) => removeMember(ctx, input),
});

export const createInvitationAction = orgAction({
  permission: 'people.invite',
  schema: createInvitationSchema,
  unit: (input) => input.unitId,
  run: (ctx, input) => createInvitation(ctx, input),
});

export const resendInvitationAction = orgAction({
  permission: 'people.invite',
  schema: invitationIdSchema,
  unit: (input, tx) => invitationUnitId(tx, input.invitationId),
  run: (ctx, input) => resendInvitation(ctx, input),
});

export const revokeInvitationAction = orgAction({
  permission: 'people.invite',
  schema: invitationIdSchema,
  unit: (input, tx) => invitationUnitId(tx, input.invitationId),
  run: (ctx, input) => revokeInvitation(ctx, input),
});
