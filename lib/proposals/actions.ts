import { defineOrgAction } from '@/lib/action-runner';
import { getKpiUnitId } from '@/lib/kpis/mutations';
import {
  approveProposal,
  commentOnProposal,
  createProposal,
  editProposal,
  getProposalUnitId,
  rejectProposal,
  reviseProposal,
  submitProposal,
  voteOnProposal,
  withdrawProposal,
} from './mutations';
import { commentSchema, createProposalSchema, decideSchema, editProposalSchema, rejectSchema, submitProposalSchema, voteSchema } from './schemas';

const unitOfProposal = (input: { proposalId: string }, tx: Parameters<typeof getProposalUnitId>[0]) => getProposalUnitId(tx, input.proposalId);

/**
 * The approval workflow's actions. Proposing is scoped like drafting; voting,
 * commenting and deciding need a seat at the table (reviewer, approver),
 * which the mutations check against lib/proposals/rules.ts.
 */
export const proposalActions = {
  create: defineOrgAction({ permission: 'proposals.submit', schema: createProposalSchema, unit: (input, tx) => getKpiUnitId(tx, input.kpiId), run: createProposal }),
  edit: defineOrgAction({ permission: 'proposals.submit', schema: editProposalSchema, unit: unitOfProposal, run: editProposal }),
  submit: defineOrgAction({ permission: 'proposals.submit', schema: submitProposalSchema, unit: unitOfProposal, run: submitProposal }),
  revise: defineOrgAction({ permission: 'proposals.submit', schema: decideSchema, unit: unitOfProposal, run: reviseProposal }),
  withdraw: defineOrgAction({ permission: 'proposals.take_part', schema: decideSchema, run: withdrawProposal }),
  vote: defineOrgAction({ permission: 'proposals.take_part', schema: voteSchema, run: voteOnProposal }),
  comment: defineOrgAction({ permission: 'proposals.take_part', schema: commentSchema, run: commentOnProposal }),
  approve: defineOrgAction({ permission: 'proposals.take_part', schema: decideSchema, run: approveProposal }),
  reject: defineOrgAction({ permission: 'proposals.take_part', schema: rejectSchema, run: rejectProposal }),
};
