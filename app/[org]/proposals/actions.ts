'use server';

import { orgAction } from '@/lib/actions';
import { proposalActions } from '@/lib/proposals/actions';

export const createProposalAction = orgAction(proposalActions.create);
export const editProposalAction = orgAction(proposalActions.edit);
export const submitProposalAction = orgAction(proposalActions.submit);
export const reviseProposalAction = orgAction(proposalActions.revise);
export const withdrawProposalAction = orgAction(proposalActions.withdraw);
export const voteOnProposalAction = orgAction(proposalActions.vote);
export const commentOnProposalAction = orgAction(proposalActions.comment);
export const approveProposalAction = orgAction(proposalActions.approve);
export const rejectProposalAction = orgAction(proposalActions.reject);
