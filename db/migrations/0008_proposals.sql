CREATE TYPE "public"."proposal_kind" AS ENUM('create', 'change', 'retire');--> statement-breakpoint
CREATE TYPE "public"."proposal_state" AS ENUM('draft', 'in_review', 'approved', 'rejected', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."vote_choice" AS ENUM('agree', 'object', 'abstain');--> statement-breakpoint
CREATE TABLE "kpi_proposals" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kpi_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"kind" "proposal_kind" NOT NULL,
	"state" "proposal_state" DEFAULT 'draft' NOT NULL,
	"definition" jsonb NOT NULL,
	"targets" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"proposer_id" uuid,
	"review_deadline" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"submitted_at" timestamp with time zone,
	"consensus_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decision_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_proposals_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "kpi_proposals_number" UNIQUE("organization_id","kpi_id","number"),
	CONSTRAINT "kpi_proposals_decision" CHECK (("kpi_proposals"."state" in ('approved', 'rejected')) = ("kpi_proposals"."decided_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "kpi_proposals" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "proposal_comments" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"proposal_id" uuid NOT NULL,
	"author_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proposal_comments_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "proposal_comments_body" CHECK (char_length("proposal_comments"."body") between 1 and 4000)
);
--> statement-breakpoint
ALTER TABLE "proposal_comments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "proposal_reviewers" (
	"organization_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "proposal_reviewers_organization_id_proposal_id_user_id_pk" PRIMARY KEY("organization_id","proposal_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "proposal_reviewers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "proposal_votes" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"proposal_id" uuid NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"choice" "vote_choice" NOT NULL,
	"comment" text,
	"round" integer NOT NULL,
	"cast_at" timestamp with time zone DEFAULT now() NOT NULL,
	"superseded_at" timestamp with time zone,
	CONSTRAINT "proposal_votes_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "proposal_votes_objection_reason" CHECK ("proposal_votes"."choice" <> 'object' or coalesce(char_length(trim("proposal_votes"."comment")), 0) > 0)
);
--> statement-breakpoint
ALTER TABLE "proposal_votes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "kpi_proposals" ADD CONSTRAINT "kpi_proposals_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_proposals" ADD CONSTRAINT "kpi_proposals_organization_id_kpi_id_kpis_organization_id_id_fk" FOREIGN KEY ("organization_id","kpi_id") REFERENCES "public"."kpis"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_proposals" ADD CONSTRAINT "kpi_proposals_organization_id_proposer_id_memberships_organization_id_user_id_fk" FOREIGN KEY ("organization_id","proposer_id") REFERENCES "public"."memberships"("organization_id","user_id") ON DELETE SET NULL ("proposer_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_comments" ADD CONSTRAINT "proposal_comments_organization_id_proposal_id_kpi_proposals_organization_id_id_fk" FOREIGN KEY ("organization_id","proposal_id") REFERENCES "public"."kpi_proposals"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_reviewers" ADD CONSTRAINT "proposal_reviewers_organization_id_proposal_id_kpi_proposals_organization_id_id_fk" FOREIGN KEY ("organization_id","proposal_id") REFERENCES "public"."kpi_proposals"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_reviewers" ADD CONSTRAINT "proposal_reviewers_organization_id_user_id_memberships_organization_id_user_id_fk" FOREIGN KEY ("organization_id","user_id") REFERENCES "public"."memberships"("organization_id","user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_votes" ADD CONSTRAINT "proposal_votes_organization_id_proposal_id_kpi_proposals_organization_id_id_fk" FOREIGN KEY ("organization_id","proposal_id") REFERENCES "public"."kpi_proposals"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "kpi_proposals_one_open" ON "kpi_proposals" USING btree ("organization_id","kpi_id") WHERE state in ('draft', 'in_review');--> statement-breakpoint
CREATE INDEX "kpi_proposals_state_idx" ON "kpi_proposals" USING btree ("organization_id","state");--> statement-breakpoint
CREATE INDEX "proposal_comments_proposal_idx" ON "proposal_comments" USING btree ("organization_id","proposal_id","created_at");--> statement-breakpoint
CREATE INDEX "proposal_reviewers_user_idx" ON "proposal_reviewers" USING btree ("organization_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "proposal_votes_one_current" ON "proposal_votes" USING btree ("organization_id","proposal_id","reviewer_id") WHERE superseded_at is null;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "kpi_proposals" AS PERMISSIVE FOR ALL TO "app_user" USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "proposal_comments" AS PERMISSIVE FOR ALL TO "app_user" USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "proposal_reviewers" AS PERMISSIVE FOR ALL TO "app_user" USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "proposal_votes" AS PERMISSIVE FOR ALL TO "app_user" USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
-- Hand-written: a proposer who leaves clears only proposer_id (above); owners do not bypass row-level security.
ALTER TABLE "kpi_proposals" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "proposal_reviewers" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "proposal_votes" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "proposal_comments" FORCE ROW LEVEL SECURITY;
