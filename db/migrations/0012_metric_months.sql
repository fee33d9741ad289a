CREATE TABLE "metric_months" (
	"organization_id" uuid NOT NULL,
	"metric_id" uuid NOT NULL,
	"month" date NOT NULL,
	"count" integer NOT NULL,
	"sum" double precision NOT NULL,
	"min" double precision NOT NULL,
	"max" double precision NOT NULL,
	"last_date" date NOT NULL,
	"last_value" double precision NOT NULL,
	CONSTRAINT "metric_months_organization_id_metric_id_month_pk" PRIMARY KEY("organization_id","metric_id","month"),
	CONSTRAINT "metric_months_first_day" CHECK (extract(day from "metric_months"."month") = 1)
);
--> statement-breakpoint
ALTER TABLE "metric_months" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "metric_months" ADD CONSTRAINT "metric_months_organization_id_metric_id_metrics_organization_id_id_fk" FOREIGN KEY ("organization_id","metric_id") REFERENCES "public"."metrics"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "metric_months" AS PERMISSIVE FOR ALL TO "app_user" USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
-- Hand-written: RLS forced on the new tenant table; the triggers that keep it equal to the raw values; the backfill.
ALTER TABLE "metric_months" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- Every function here plans its statements afresh on each call (plan_cache_mode): a cached generic plan is made
-- for transition tables as they were when it was cached (often empty, e.g. the UPDATE trigger of an INSERT … ON
-- CONFLICT that updated nothing), and a nested loop planned for no rows took 20 s for 10,000 replaced values.
-- Recomputes the given (organization, metric, month) groups from the raw values. Recomputing, not adding the
-- change, because a replaced or deleted value can take away a min, a max or the last value, and because one
-- INSERT … ON CONFLICT DO UPDATE fires both the UPDATE and the INSERT statement triggers: a recomputation is
-- idempotent, so the second one changes nothing. The groups are locked first, in key order (a missing group is
-- created empty, which waits for a concurrent writer creating it), and the recomputation is a second statement:
-- under READ COMMITTED it then sees every value committed by a transaction that held a group before us, so
-- two writers of one month never lose each other's values. One LATERAL index range per group: the cost follows
-- the months touched, never the size of the table. After deletes nothing is created: the metric may be gone.
CREATE FUNCTION metric_months_refresh(orgs uuid[], metric_ids uuid[], months date[], create_missing boolean) RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_temp SET plan_cache_mode = force_custom_plan
AS $$
BEGIN
  IF create_missing THEN
    INSERT INTO metric_months AS mm (organization_id, metric_id, month, count, sum, min, max, last_date, last_value)
    SELECT DISTINCT o, m, d, 0, 0, 0, 0, d, 0 FROM unnest(orgs, metric_ids, months) AS g(o, m, d)
    ORDER BY 1, 2, 3
    ON CONFLICT (organization_id, metric_id, month) DO UPDATE SET count = mm.count;
  ELSE
    PERFORM 1 FROM metric_months mm
      JOIN (SELECT DISTINCT o, m, d FROM unnest(orgs, metric_ids, months) AS g(o, m, d)) g
        ON mm.organization_id = g.o AND mm.metric_id = g.m AND mm.month = g.d
      ORDER BY mm.organization_id, mm.metric_id, mm.month
      FOR UPDATE OF mm;
  END IF;
  WITH g AS (SELECT DISTINCT o, m, d FROM unnest(orgs, metric_ids, months) AS g(o, m, d)),
  calc AS (
    SELECT g.o, g.m, g.d, a.*
    FROM g CROSS JOIN LATERAL (
      SELECT count(*)::int AS n, sum(v.value) AS s, min(v.value) AS lo, max(v.value) AS hi, max(v.date) AS last_date,
        (array_agg(v.value ORDER BY v.date DESC))[1] AS last_value
      FROM measurements v
      WHERE v.organization_id = g.o AND v.metric_id = g.m AND v.date >= g.d AND v.date < (g.d + interval '1 month')::date
    ) a
  ),
  gone AS (
    DELETE FROM metric_months mm USING calc
    WHERE calc.n = 0 AND mm.organization_id = calc.o AND mm.metric_id = calc.m AND mm.month = calc.d
  )
  UPDATE metric_months mm SET count = calc.n, sum = calc.s, min = calc.lo, max = calc.hi, last_date = calc.last_date,
    last_value = calc.last_value
  FROM calc
  WHERE calc.n > 0 AND mm.organization_id = calc.o AND mm.metric_id = calc.m AND mm.month = calc.d;
END
$$;--> statement-breakpoint
CREATE FUNCTION metric_months_after_insert() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
  o uuid[]; m uuid[]; d date[];
BEGIN
  SELECT array_agg(g.organization_id), array_agg(g.metric_id), array_agg(g.month) INTO o, m, d FROM (
    SELECT DISTINCT organization_id, metric_id, date_trunc('month', date)::date AS month FROM added
  ) g;
  IF o IS NOT NULL THEN
    PERFORM metric_months_refresh(o, m, d, true);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE FUNCTION metric_months_after_update() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
  o uuid[]; m uuid[]; d date[];
BEGIN
  -- Every month a row left or joined. Transition tables have no statistics: joining old and new rows to skip
  -- note-only changes planned a nested loop (10,000 replaced values took 23 s); recomputing a month is cheap.
  SELECT array_agg(g.organization_id), array_agg(g.metric_id), array_agg(g.month) INTO o, m, d FROM (
    SELECT organization_id, metric_id, date_trunc('month', date)::date AS month FROM old_rows
    UNION
    SELECT organization_id, metric_id, date_trunc('month', date)::date FROM new_rows
  ) g;
  IF o IS NOT NULL THEN
    PERFORM metric_months_refresh(o, m, d, true);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE FUNCTION metric_months_after_delete() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
  o uuid[]; m uuid[]; d date[];
BEGIN
  SELECT array_agg(g.organization_id), array_agg(g.metric_id), array_agg(g.month) INTO o, m, d FROM (
    SELECT DISTINCT organization_id, metric_id, date_trunc('month', date)::date AS month FROM removed
  ) g;
  IF o IS NOT NULL THEN
    PERFORM metric_months_refresh(o, m, d, false);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER metric_months_insert AFTER INSERT ON "measurements"
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION metric_months_after_insert();--> statement-breakpoint
CREATE TRIGGER metric_months_update AFTER UPDATE ON "measurements"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION metric_months_after_update();--> statement-breakpoint
CREATE TRIGGER metric_months_delete AFTER DELETE ON "measurements"
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION metric_months_after_delete();--> statement-breakpoint
-- The locked-period wall of 0010, once per statement instead of once per row: a 10,000-value batch ran the
-- row trigger's lookup 10,000 times. Same refusal, same message; the statement's rows are checked as a set.
DROP TRIGGER measurements_locked_period ON "measurements";--> statement-breakpoint
DROP FUNCTION measurements_refuse_locked_period();--> statement-breakpoint
CREATE FUNCTION measurements_refuse_locked_period() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
  locked text;
BEGIN
  SELECT l.period_key INTO locked FROM new_rows n
    JOIN period_locks l ON l.organization_id = n.organization_id AND n.date BETWEEN l.start_date AND l.end_date LIMIT 1;
  IF locked IS NULL AND TG_OP = 'UPDATE' THEN
    SELECT l.period_key INTO locked FROM old_rows o
      JOIN period_locks l ON l.organization_id = o.organization_id AND o.date BETWEEN l.start_date AND l.end_date LIMIT 1;
  END IF;
  IF locked IS NOT NULL THEN
    RAISE EXCEPTION 'The period % is locked: its values can no longer change', locked USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER measurements_locked_period_insert AFTER INSERT ON "measurements"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION measurements_refuse_locked_period();--> statement-breakpoint
CREATE TRIGGER measurements_locked_period_update AFTER UPDATE ON "measurements"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION measurements_refuse_locked_period();--> statement-breakpoint
INSERT INTO metric_months (organization_id, metric_id, month, count, sum, min, max, last_date, last_value)
SELECT organization_id, metric_id, date_trunc('month', date)::date, count(*)::int, sum(value), min(value), max(value), max(date),
  (array_agg(value ORDER BY date DESC))[1]
FROM measurements
GROUP BY organization_id, metric_id, date_trunc('month', date)::date;
