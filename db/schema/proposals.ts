import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { kpis } from './kpis';
import { memberships, organizations } from './organizations';
import { tenantPolicy } from './tenancy';

export const proposalKind = pgEnum('proposal_kind', ['create', 'change', 'retire']);
export const proposalState = pgEnum('proposal_state', ['draft', 'in_review', 'approved', 'rejected', 'withdrawn']);
export const voteChoice = pgEnum('vote_choice', ['agree', 'object', 'abstain']);

/**
 * A numbered revision of a KPI's definition (and its targets), waiting to
 * become live. `definition` is a KpiDefinition (lib/kpis/schemas.ts) and
 * `targets` the target cells; approval writes both to the KPI in one
 * transaction. Every state change is compare-and-set on `version`.
 */
export const kpiProposals = pgTable(
  'kpi_proposals',
  {
    organizationId: uuid()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    id: uuid().notNull().defaultRandom(),
    kpiId: uuid().notNull(),
    /** 1, 2, 3… per KPI: "revision 3". */
    number: integer().notNull(),
    kind: proposalKind().notNull(),
    state: proposalState().notNull().default('draft'),
    definition: jsonb().notNull(),
    targets: jsonb().notNull().default(sql`'[]'::jsonb`),
    summary: text().notNull().default(''),
    proposerId: uuid(),
    reviewDeadline: timestamp({ withTimezone: true, mode: 'date' }),
    version: integer().notNull().default(1),
    submittedAt: timestamp({ withTimezone: true, mode: 'date' }),
    consensusAt: timestamp({ withTimezone: true, mode: 'date' }),
    remindedAt: timestamp({ withTimezone: true, mode: 'date' }),
    decidedAt: timestamp({ withTimezone: true, mode: 'date' }),
    decidedBy: uuid(),
    decisionReason: text(),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    unique('kpi_proposals_number').on(t.organizationId, t.kpiId, t.number),
    foreignKey({ columns: [t.organizationId, t.kpiId], foreignColumns: [kpis.organizationId, kpis.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.organizationId, t.proposerId], foreignColumns: [memberships.organizationId, memberships.userId] }).onDelete(
      'set null',
    ),
    // At most one open proposal per KPI: two changes in flight would each approve over the other.
    uniqueIndex('kpi_proposals_one_open').on(t.organizationId, t.kpiId).where(sql`state in ('draft', 'in_review')`),
    check('kpi_proposals_decision', sql`(${t.state} in ('approved', 'rejected')) = (${t.decidedAt} is not null)`),
    index('kpi_proposals_state_idx').on(t.organizationId, t.state),
    tenantPolicy(),
  ],
);

/** The stakeholders named on a proposal. */
export const proposalReviewers = pgTable(
  'proposal_reviewers',
  {
    organizationId: uuid().notNull(),
    proposalId: uuid().notNull(),
    userId: uuid().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.proposalId, t.userId] }),
    foreignKey({ columns: [t.organizationId, t.proposalId], foreignColumns: [kpiProposals.organizationId, kpiProposals.id] }).onDelete(
      'cascade',
    ),
    foreignKey({ columns: [t.organizationId, t.userId], foreignColumns: [memberships.organizationId, memberships.userId] }).onDelete(
      'cascade',
    ),
    index('proposal_reviewers_user_idx').on(t.organizationId, t.userId),
    tenantPolicy(),
  ],
);

/**
 * Every vote ever cast. A changed vote supersedes the old one, which stays as
 * history; the partial unique index is the "one vote per reviewer" rule, and
 * only named reviewers vote (checked when the vote is cast).
 */
export const proposalVotes = pgTable(
  'proposal_votes',
  {
    organizationId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    proposalId: uuid().notNull(),
    reviewerId: uuid().notNull(),
    choice: voteChoice().notNull(),
    comment: text(),
    /** The proposal revision round the vote belongs to (a revised proposal is voted on afresh). */
    round: integer().notNull(),
    castAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    supersededAt: timestamp({ withTimezone: true, mode: 'date' }),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    // To the proposal, not to the reviewer row: naming other reviewers on resubmission must not erase history.
    foreignKey({ columns: [t.organizationId, t.proposalId], foreignColumns: [kpiProposals.organizationId, kpiProposals.id] }).onDelete(
      'cascade',
    ),
    uniqueIndex('proposal_votes_one_current').on(t.organizationId, t.proposalId, t.reviewerId).where(sql`superseded_at is null`),
    check('proposal_votes_objection_reason', sql`${t.choice} <> 'object' or coalesce(char_length(trim(${t.comment})), 0) > 0`),
    tenantPolicy(),
  ],
);

/** The discussion thread of a proposal. */
export const proposalComments = pgTable(
  'proposal_comments',
  {
    organizationId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    proposalId: uuid().notNull(),
    authorId: uuid(),
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    foreignKey({ columns: [t.organizationId, t.proposalId], foreignColumns: [kpiProposals.organizationId, kpiProposals.id] }).onDelete(
      'cascade',
    ),
    check('proposal_comments_body', sql`char_length(${t.body}) between 1 and 4000`),
    index('proposal_comments_proposal_idx').on(t.organizationId, t.proposalId, t.createdAt),
    tenantPolicy(),
  ],
);
