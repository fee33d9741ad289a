CREATE TYPE "public"."aggregation" AS ENUM('sum', 'last', 'average', 'min', 'max');--> statement-breakpoint
CREATE TYPE "public"."measure_unit" AS ENUM('count', 'currency', 'percent', 'ratio', 'duration');--> statement-breakpoint
CREATE TYPE "public"."measurement_source" AS ENUM('manual', 'csv', 'api');--> statement-breakpoint
CREATE TYPE "public"."period_kind" AS ENUM('week', 'month', 'quarter', 'year');--> statement-breakpoint
CREATE TYPE "public"."direction" AS ENUM('up', 'down', 'within');--> statement-breakpoint
CREATE TYPE "public"."indicator_kind" AS ENUM('leading', 'lagging');--> statement-breakpoint
CREATE TYPE "public"."kpi_horizon" AS ENUM('operational', 'strategic');--> statement-breakpoint
CREATE TYPE "public"."kpi_source" AS ENUM('formula', 'rollup');--> statement-breakpoint
CREATE TYPE "public"."kpi_state" AS ENUM('draft', 'active', 'retired');--> statement-breakpoint
CREATE TYPE "public"."rollup_method" AS ENUM('sum', 'average', 'weighted_average', 'min', 'max');--> statement-breakpoint
CREATE TABLE "measurements" (
	"organization_id" uuid NOT NULL,
	"metric_id" uuid NOT NULL,
	"date" date NOT NULL,
	"value" double precision NOT NULL,
	"note" text,
	"source" "measurement_source" NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "measurements_organization_id_metric_id_date_pk" PRIMARY KEY("organization_id","metric_id","date"),
	CONSTRAINT "measurements_value_finite" CHECK ("measurements"."value" not in ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8)),
	CONSTRAINT "measurements_note_length" CHECK (char_length("measurements"."note") <= 1000)
);
--> statement-breakpoint
ALTER TABLE "measurements" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "metrics" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"unit" "measure_unit" NOT NULL,
	"currency_code" text,
	"aggregation" "aggregation" NOT NULL,
	"frequency" "period_kind" NOT NULL,
	"owner_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "metrics_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "metrics_organization_key" UNIQUE("organization_id","key"),
	CONSTRAINT "metrics_key_format" CHECK ("metrics"."key" ~ '^[a-z0-9_]{1,64}$'),
	CONSTRAINT "metrics_currency_code" CHECK (("metrics"."unit" = 'currency') = ("metrics"."currency_code" is not null) and ("metrics"."currency_code" is null or "metrics"."currency_code" ~ '^[A-Z]{3}$'))
);
--> statement-breakpoint
ALTER TABLE "metrics" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "kpi_links" (
	"organization_id" uuid NOT NULL,
	"parent_kpi_id" uuid NOT NULL,
	"child_kpi_id" uuid NOT NULL,
	"weight" double precision DEFAULT 1 NOT NULL,
	CONSTRAINT "kpi_links_organization_id_parent_kpi_id_child_kpi_id_pk" PRIMARY KEY("organization_id","parent_kpi_id","child_kpi_id"),
	CONSTRAINT "kpi_links_not_self" CHECK ("kpi_links"."parent_kpi_id" <> "kpi_links"."child_kpi_id"),
	CONSTRAINT "kpi_links_weight_positive" CHECK ("kpi_links"."weight" > 0 and "kpi_links"."weight" not in ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8))
);
--> statement-breakpoint
ALTER TABLE "kpi_links" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "kpi_metrics" (
	"organization_id" uuid NOT NULL,
	"kpi_id" uuid NOT NULL,
	"metric_id" uuid NOT NULL,
	CONSTRAINT "kpi_metrics_organization_id_kpi_id_metric_id_pk" PRIMARY KEY("organization_id","kpi_id","metric_id")
);
--> statement-breakpoint
ALTER TABLE "kpi_metrics" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "kpi_targets" (
	"organization_id" uuid NOT NULL,
	"kpi_id" uuid NOT NULL,
	"period_key" text NOT NULL,
	"value" double precision,
	"low" double precision,
	"high" double precision,
	CONSTRAINT "kpi_targets_organization_id_kpi_id_period_key_pk" PRIMARY KEY("organization_id","kpi_id","period_key"),
	CONSTRAINT "kpi_targets_value_or_band" CHECK (("kpi_targets"."value" is not null) <> ("kpi_targets"."low" is not null and "kpi_targets"."high" is not null) and ("kpi_targets"."low" is null) = ("kpi_targets"."high" is null)),
	CONSTRAINT "kpi_targets_band_order" CHECK ("kpi_targets"."low" <= "kpi_targets"."high"),
	CONSTRAINT "kpi_targets_finite" CHECK ("kpi_targets"."value" not in ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8) and "kpi_targets"."low" not in ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8) and "kpi_targets"."high" not in ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8))
);
--> statement-breakpoint
ALTER TABLE "kpi_targets" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "kpis" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"goal_id" uuid,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"owner_id" uuid,
	"unit" "measure_unit" NOT NULL,
	"currency_code" text,
	"direction" "direction" NOT NULL,
	"frequency" "period_kind" NOT NULL,
	"indicator" "indicator_kind" NOT NULL,
	"horizon" "kpi_horizon" NOT NULL,
	"baseline_value" double precision,
	"baseline_date" date,
	"weight" double precision DEFAULT 1 NOT NULL,
	"source" "kpi_source" NOT NULL,
	"formula" text,
	"rollup_method" "rollup_method",
	"status_thresholds" jsonb,
	"state" "kpi_state" DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpis_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "kpis_formula_source" CHECK (("kpis"."source" = 'formula') = ("kpis"."formula" is not null)),
	CONSTRAINT "kpis_rollup_source" CHECK (("kpis"."source" = 'rollup') = ("kpis"."rollup_method" is not null)),
	CONSTRAINT "kpis_currency_code" CHECK (("kpis"."unit" = 'currency') = ("kpis"."currency_code" is not null)),
	CONSTRAINT "kpis_weight_positive" CHECK ("kpis"."weight" > 0 and "kpis"."weight" not in ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8)),
	CONSTRAINT "kpis_baseline_finite" CHECK ("kpis"."baseline_value" not in ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8))
);
--> statement-breakpoint
ALTER TABLE "kpis" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "goals" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"parent_goal_id" uuid,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"owner_id" uuid,
	"start_date" date NOT NULL,
	"due_date" date NOT NULL,
	"outcome_kpi_id" uuid,
	"outcome_target" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "goals_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "goals_span" CHECK ("goals"."due_date" >= "goals"."start_date"),
	CONSTRAINT "goals_outcome_complete" CHECK (("goals"."outcome_kpi_id" is null) = ("goals"."outcome_target" is null)),
	CONSTRAINT "goals_outcome_target_finite" CHECK ("goals"."outcome_target" not in ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8))
);
--> statement-breakpoint
ALTER TABLE "goals" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "measurements" ADD CONSTRAINT "measurements_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measurements" ADD CONSTRAINT "measurements_organization_id_metric_id_metrics_organization_id_id_fk" FOREIGN KEY ("organization_id","metric_id") REFERENCES "public"."metrics"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metrics" ADD CONSTRAINT "metrics_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metrics" ADD CONSTRAINT "metrics_organization_id_owner_id_memberships_organization_id_user_id_fk" FOREIGN KEY ("organization_id","owner_id") REFERENCES "public"."memberships"("organization_id","user_id") ON DELETE SET NULL ("owner_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_links" ADD CONSTRAINT "kpi_links_organization_id_parent_kpi_id_kpis_organization_id_id_fk" FOREIGN KEY ("organization_id","parent_kpi_id") REFERENCES "public"."kpis"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_links" ADD CONSTRAINT "kpi_links_organization_id_child_kpi_id_kpis_organization_id_id_fk" FOREIGN KEY ("organization_id","child_kpi_id") REFERENCES "public"."kpis"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_metrics" ADD CONSTRAINT "kpi_metrics_organization_id_kpi_id_kpis_organization_id_id_fk" FOREIGN KEY ("organization_id","kpi_id") REFERENCES "public"."kpis"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_metrics" ADD CONSTRAINT "kpi_metrics_organization_id_metric_id_metrics_organization_id_id_fk" FOREIGN KEY ("organization_id","metric_id") REFERENCES "public"."metrics"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_targets" ADD CONSTRAINT "kpi_targets_organization_id_kpi_id_kpis_organization_id_id_fk" FOREIGN KEY ("organization_id","kpi_id") REFERENCES "public"."kpis"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpis" ADD CONSTRAINT "kpis_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpis" ADD CONSTRAINT "kpis_organization_id_unit_id_org_units_organization_id_id_fk" FOREIGN KEY ("organization_id","unit_id") REFERENCES "public"."org_units"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpis" ADD CONSTRAINT "kpis_organization_id_goal_id_goals_organization_id_id_fk" FOREIGN KEY ("organization_id","goal_id") REFERENCES "public"."goals"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpis" ADD CONSTRAINT "kpis_organization_id_owner_id_memberships_organization_id_user_id_fk" FOREIGN KEY ("organization_id","owner_id") REFERENCES "public"."memberships"("organization_id","user_id") ON DELETE SET NULL ("owner_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_organization_id_unit_id_org_units_organization_id_id_fk" FOREIGN KEY ("organization_id","unit_id") REFERENCES "public"."org_units"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_organization_id_parent_goal_id_goals_organization_id_id_fk" FOREIGN KEY ("organization_id","parent_goal_id") REFERENCES "public"."goals"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_organization_id_owner_id_memberships_organization_id_user_id_fk" FOREIGN KEY ("organization_id","owner_id") REFERENCES "public"."memberships"("organization_id","user_id") ON DELETE SET NULL ("owner_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_organization_id_outcome_kpi_id_kpis_organization_id_id_fk" FOREIGN KEY ("organization_id","outcome_kpi_id") REFERENCES "public"."kpis"("organization_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "measurements_organization_date_idx" ON "measurements" USING btree ("organization_id","date");--> statement-breakpoint
CREATE INDEX "kpi_links_child_idx" ON "kpi_links" USING btree ("organization_id","child_kpi_id");--> statement-breakpoint
CREATE INDEX "kpi_metrics_metric_idx" ON "kpi_metrics" USING btree ("organization_id","metric_id");--> statement-breakpoint
CREATE INDEX "kpis_organization_unit_idx" ON "kpis" USING btree ("organization_id","unit_id");--> statement-breakpoint
CREATE INDEX "kpis_organization_goal_idx" ON "kpis" USING btree ("organization_id","goal_id");--> statement-breakpoint
CREATE INDEX "goals_organization_unit_idx" ON "goals" USING btree ("organization_id","unit_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "measurements" AS PERMISSIVE FOR ALL TO "app_user" USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "metrics" AS PERMISSIVE FOR ALL TO "app_user" USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "kpi_links" AS PERMISSIVE FOR ALL TO "app_user" USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "kpi_metrics" AS PERMISSIVE FOR ALL TO "app_user" USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "kpi_targets" AS PERMISSIVE FOR ALL TO "app_user" USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "kpis" AS PERMISSIVE FOR ALL TO "app_user" USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "goals" AS PERMISSIVE FOR ALL TO "app_user" USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
-- Hand-written: a member who leaves clears only owner_id (a plain SET NULL would also clear organization_id), above;
-- and, as for every tenant table, owners do not bypass row-level security.
ALTER TABLE "metrics" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "measurements" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "goals" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "kpis" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "kpi_links" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "kpi_metrics" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "kpi_targets" FORCE ROW LEVEL SECURITY;
