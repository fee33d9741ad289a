import { z } from 'zod';
import { kpiDefinitionSchema } from '@/lib/kpis/schemas';
import { optionalFiniteNumber } from '@/lib/metrics/schemas';

const id = z.uuid('Not found');
const version = z.coerce.number().int().positive();
const fromJson = (value: unknown) => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
};

const targetCells = z.preprocess(
  fromJson,
  z
    .array(
      z.object({
        periodKey: z.string().trim().min(1, 'Choose a period').max(16, 'Not a period'),
        value: optionalFiniteNumber.default(null),
        low: optionalFiniteNumber.default(null),
        high: optionalFiniteNumber.default(null),
      }),
      { error: 'The targets could not be read' },
    )
    .max(60, 'At most 60 periods'),
);

const summary = z.string().trim().max(2000, 'A summary has at most 2,000 characters').default('');

/** Open a proposal for a KPI: its creation (a draft KPI), a change or its retirement. */
export const createProposalSchema = z.object({
  kpiId: id,
  kind: z.enum(['create', 'change', 'retire'], { error: 'Choose what the proposal does' }),
  summary,
});

/** A draft proposal's definition and targets, edited before it is submitted. */
export const editProposalSchema = z.intersection(
  z.object({ proposalId: id, version, summary, targets: targetCells.default([]) }),
  kpiDefinitionSchema,
);

export const submitProposalSchema = z.object({
  proposalId: id,
  version,
  reviewerIds: z.preprocess(
    (value) => (typeof value === 'string' ? [value] : value),
    z.array(z.uuid('Choose a reviewer'), { error: 'Choose at least one reviewer' }).min(1, 'Choose at least one reviewer').max(50, 'At most 50 reviewers'),
  ),
  /** YYYY-MM-DD; empty: five working days from now. */
  deadline: z.preprocess((v) => (v === '' ? undefined : v), z.iso.date('Enter a date as YYYY-MM-DD').optional()),
});

export const voteSchema = z
  .object({
    proposalId: id,
    choice: z.enum(['agree', 'object', 'abstain'], { error: 'Choose agree, object or abstain' }),
    comment: z.string().trim().max(4000, 'A comment has at most 4,000 characters').default(''),
  })
  .refine((v) => v.choice !== 'object' || v.comment.length > 0, { message: 'Say what you object to', path: ['comment'] });

export const commentSchema = z.object({
  proposalId: id,
  body: z.string().trim().min(1, 'Write a comment').max(4000, 'A comment has at most 4,000 characters'),
});

export const decideSchema = z.object({ proposalId: id, version });

export const rejectSchema = z.object({
  proposalId: id,
  version,
  reason: z.string().trim().min(1, 'Give the reason for rejecting').max(4000, 'A reason has at most 4,000 characters'),
});
