-- Daily jobs run on each organization's own calendar day: the fan-out needs
-- each organization's time zone beside its id, and nothing else.
CREATE FUNCTION organization_time_zones_for_jobs()
RETURNS TABLE (organization_id uuid, time_zone text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT id, time_zone FROM organizations $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION organization_time_zones_for_jobs() FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION organization_time_zones_for_jobs() TO app_user;--> statement-breakpoint
DROP FUNCTION organization_ids_for_jobs();
