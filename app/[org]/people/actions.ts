'use server';

import { orgAction } from '@/lib/actions';
import { peopleActions } from '@/lib/people/actions';

export const changeRoleAction = orgAction(peopleActions.changeRole);
export const removeMemberAction = orgAction(peopleActions.remove);
export const createInvitationAction = orgAction(peopleActions.invite);
export const resendInvitationAction = orgAction(peopleActions.resendInvitation);
export const revokeInvitationAction = orgAction(peopleActions.revokeInvitation);
