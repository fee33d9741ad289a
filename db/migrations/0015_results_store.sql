CREATE TYPE "public"."result_status" AS ENUM('on_track', 'at_risk', 'off_track', 'no_data');--> statement-breakpoint
CREATE TABLE "kpi_results" (
	"organization_id" uuid NOT NULL,
	"kpi_id" uuid NOT NULL,
	"period_key" text NOT NULL,
	"actual" double precision,
	"target_value" double precision,
	"target_low" double precision,
	"target_high" double precision,
	"target_parts" smallint,
	"target_missing" text[],
	"score" double precision,
	"status" "result_status" NOT NULL,
	CONSTRAINT "kpi_results_organization_id_kpi_id_period_key_pk" PRIMARY KEY("organization_id","kpi_id","period_key")
);
--> statement-breakpoint
ALTER TABLE "kpi_results" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "results_pending" (
	"organization_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"ref" uuid DEFAULT '00000000-0000-0000-0000-000000000000' NOT NULL,
	"key" text DEFAULT '' NOT NULL,
	CONSTRAINT "results_pending_organization_id_kind_ref_key_pk" PRIMARY KEY("organization_id","kind","ref","key")
);
--> statement-breakpoint
ALTER TABLE "results_pending" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "results_state" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"ytd_as_of" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "results_state" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "unit_results" (
	"organization_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"period_key" text NOT NULL,
	"score" double precision,
	"status" "result_status" NOT NULL,
	"counted" integer NOT NULL,
	"covered" integer NOT NULL,
	CONSTRAINT "unit_results_organization_id_unit_id_period_key_pk" PRIMARY KEY("organization_id","unit_id","period_key")
);
--> statement-breakpoint
ALTER TABLE "unit_results" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "kpi_results" ADD CONSTRAINT "kpi_results_organization_id_kpi_id_kpis_organization_id_id_fk" FOREIGN KEY ("organization_id","kpi_id") REFERENCES "public"."kpis"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "results_pending" ADD CONSTRAINT "results_pending_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "results_state" ADD CONSTRAINT "results_state_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_results" ADD CONSTRAINT "unit_results_organization_id_unit_id_org_units_organization_id_id_fk" FOREIGN KEY ("organization_id","unit_id") REFERENCES "public"."org_units"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "kpi_results" AS PERMISSIVE FOR ALL TO "app_user" USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "results_pending" AS PERMISSIVE FOR ALL TO "app_user" USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "results_state" AS PERMISSIVE FOR ALL TO "app_user" USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "unit_results" AS PERMISSIVE FOR ALL TO "app_user" USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
-- Hand-written: RLS forced like every tenant table; the triggers that queue what changed (lib/results/maintain.ts
-- applies the queue in the same transaction, before it commits, and before any read); the first full computation.
ALTER TABLE "kpi_results" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "unit_results" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "results_pending" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "results_state" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- Values: one queue entry per (metric, month) a statement touched, however many values it wrote.
CREATE FUNCTION results_queue_measurements() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp SET plan_cache_mode = force_custom_plan
AS $$
BEGIN
  INSERT INTO results_pending (organization_id, kind, ref, key)
  SELECT DISTINCT organization_id, 'metric', metric_id, to_char(date, 'YYYY-MM-01') FROM changed
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER results_queue_measurements_insert AFTER INSERT ON "measurements"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION results_queue_measurements();--> statement-breakpoint
CREATE TRIGGER results_queue_measurements_update AFTER UPDATE ON "measurements"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION results_queue_measurements();--> statement-breakpoint
CREATE TRIGGER results_queue_measurements_delete AFTER DELETE ON "measurements"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION results_queue_measurements();--> statement-breakpoint
CREATE FUNCTION results_queue_targets() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp SET plan_cache_mode = force_custom_plan
AS $$
BEGIN
  INSERT INTO results_pending (organization_id, kind, ref, key)
  SELECT DISTINCT organization_id, 'target', kpi_id, period_key FROM changed
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER results_queue_targets_insert AFTER INSERT ON "kpi_targets"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION results_queue_targets();--> statement-breakpoint
CREATE TRIGGER results_queue_targets_update AFTER UPDATE ON "kpi_targets"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION results_queue_targets();--> statement-breakpoint
CREATE TRIGGER results_queue_targets_delete AFTER DELETE ON "kpi_targets"
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION results_queue_targets();--> statement-breakpoint
-- A KPI's definition, state, weight or unit: the KPI at every period, and the units it left and joined.
CREATE FUNCTION results_queue_kpi() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT * FROM (VALUES (OLD), (NEW)) AS v(k) WHERE (v.k).id IS NOT NULL LOOP
    INSERT INTO results_pending (organization_id, kind, ref) VALUES ((r.k).organization_id, 'kpi', (r.k).id), ((r.k).organization_id, 'unit', (r.k).unit_id)
    ON CONFLICT DO NOTHING;
  END LOOP;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER results_queue_kpi_insert AFTER INSERT ON "kpis" FOR EACH ROW EXECUTE FUNCTION results_queue_kpi();--> statement-breakpoint
CREATE TRIGGER results_queue_kpi_delete AFTER DELETE ON "kpis" FOR EACH ROW EXECUTE FUNCTION results_queue_kpi();--> statement-breakpoint
CREATE TRIGGER results_queue_kpi_update AFTER UPDATE ON "kpis" FOR EACH ROW
  WHEN ((OLD.state, OLD.unit_id, OLD.frequency, OLD.direction, OLD.weight, OLD.source, OLD.formula, OLD.rollup_method, OLD.baseline_value,
         OLD.status_thresholds, OLD.target_rollup)
    IS DISTINCT FROM (NEW.state, NEW.unit_id, NEW.frequency, NEW.direction, NEW.weight, NEW.source, NEW.formula, NEW.rollup_method,
         NEW.baseline_value, NEW.status_thresholds, NEW.target_rollup))
  EXECUTE FUNCTION results_queue_kpi();--> statement-breakpoint
-- Roll-up links and a formula's metric references: the KPI they belong to.
CREATE FUNCTION results_queue_kpi_parts() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
BEGIN
  IF TG_TABLE_NAME = 'kpi_links' THEN
    INSERT INTO results_pending (organization_id, kind, ref)
    SELECT v.o, 'kpi', v.k FROM (VALUES (OLD.organization_id, OLD.parent_kpi_id), (NEW.organization_id, NEW.parent_kpi_id)) AS v(o, k)
    WHERE v.k IS NOT NULL ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO results_pending (organization_id, kind, ref)
    SELECT v.o, 'kpi', v.k FROM (VALUES (OLD.organization_id, OLD.kpi_id), (NEW.organization_id, NEW.kpi_id)) AS v(o, k)
    WHERE v.k IS NOT NULL ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER results_queue_links AFTER INSERT OR UPDATE OR DELETE ON "kpi_links" FOR EACH ROW EXECUTE FUNCTION results_queue_kpi_parts();--> statement-breakpoint
CREATE TRIGGER results_queue_kpi_metrics AFTER INSERT OR UPDATE OR DELETE ON "kpi_metrics" FOR EACH ROW EXECUTE FUNCTION results_queue_kpi_parts();--> statement-breakpoint
-- How a metric's values combine: every month of it.
CREATE FUNCTION results_queue_metric() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
BEGIN
  INSERT INTO results_pending (organization_id, kind, ref, key) VALUES (NEW.organization_id, 'metric', NEW.id, '*') ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER results_queue_metric AFTER UPDATE ON "metrics" FOR EACH ROW
  WHEN (OLD.aggregation IS DISTINCT FROM NEW.aggregation) EXECUTE FUNCTION results_queue_metric();--> statement-breakpoint
-- The unit tree: a move, a weight, archiving or restoring.
CREATE FUNCTION results_queue_units() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
BEGIN
  INSERT INTO results_pending (organization_id, kind) VALUES (coalesce(NEW.organization_id, OLD.organization_id), 'units') ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER results_queue_units_insert AFTER INSERT OR DELETE ON "org_units" FOR EACH ROW EXECUTE FUNCTION results_queue_units();--> statement-breakpoint
CREATE TRIGGER results_queue_units_update AFTER UPDATE ON "org_units" FOR EACH ROW
  WHEN ((OLD.parent_id, OLD.weight, OLD.archived_at IS NULL) IS DISTINCT FROM (NEW.parent_id, NEW.weight, NEW.archived_at IS NULL))
  EXECUTE FUNCTION results_queue_units();--> statement-breakpoint
-- Scoring policy (bands, cap) and the fiscal year: everything.
CREATE FUNCTION results_queue_organization() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
BEGIN
  INSERT INTO results_pending (organization_id, kind) VALUES (NEW.id, 'all') ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER results_queue_organization AFTER UPDATE ON "organizations" FOR EACH ROW
  WHEN ((OLD.policy->'scoreCap', OLD.policy->'statusThresholds', OLD.fiscal_year_start_month)
    IS DISTINCT FROM (NEW.policy->'scoreCap', NEW.policy->'statusThresholds', NEW.fiscal_year_start_month))
  EXECUTE FUNCTION results_queue_organization();--> statement-breakpoint
-- Existing organizations: everything once, at their first read or write.
INSERT INTO results_pending (organization_id, kind) SELECT id, 'all' FROM organizations;
