CREATE TABLE "organization_slug_redirects" (
	"slug" text PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organization_slug_redirects" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "password_reset_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "password_reset_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"superseded_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "time_zone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE "organization_slug_redirects" ADD CONSTRAINT "organization_slug_redirects_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "password_reset_tokens" ADD CONSTRAINT "password_reset_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "organization_slug_redirects_organization_idx" ON "organization_slug_redirects" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "password_reset_requests_key_requested_at_idx" ON "password_reset_requests" USING btree ("key","requested_at");--> statement-breakpoint
CREATE UNIQUE INDEX "password_reset_tokens_token_hash_key" ON "password_reset_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "password_reset_tokens_user_idx" ON "password_reset_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "organization_slug_redirects" AS PERMISSIVE FOR ALL TO "app_user" USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "member_read" ON "organization_slug_redirects" AS PERMISSIVE FOR SELECT TO "app_user" USING (exists (select 1 from memberships m where m.organization_id = "organization_slug_redirects"."organization_id" and m.user_id = nullif(current_setting('app.user_id', true), '')::uuid));--> statement-breakpoint
-- Hand-written: RLS forced on the new tenant table; deleting an organization.
ALTER TABLE "organization_slug_redirects" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- Deleting an organization removes every row it owns. The app role cannot do it alone on purpose:
-- audit_log is append-only for app_user (no DELETE), so this function, running as the table owner,
-- is the one way the audit trail of an organization goes away, and only with that organization.
-- It refuses any organization but the one withTenant set, so a caller must already have passed the
-- owner check inside that tenant transaction.
-- Why not just DELETE FROM organizations and let ON DELETE CASCADE work: the cascades run table by
-- table, and a NO ACTION key between two tenant tables (kpi_metrics → metrics, kpis → goals, …) is
-- checked before the referencing table's own cascade has run. So every table with organization_id
-- (found in the catalog, so a table added later is covered) is emptied of the organization's rows,
-- retrying a table whose rows are still referenced; tables in a cycle of references are emptied together. Measurements go first:
-- removing API tokens would otherwise SET NULL measurements.recorded_by_token_id, an UPDATE that the
-- locked-period trigger refuses.
CREATE FUNCTION delete_organization(target uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
  remaining text[];
  t text;
  progress boolean;
  deleted integer;
BEGIN
  IF target IS NULL OR target IS DISTINCT FROM nullif(current_setting('app.organization_id', true), '')::uuid THEN
    RAISE EXCEPTION 'delete_organization: only the organization of the current transaction can be deleted'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  DELETE FROM measurements WHERE organization_id = target;
  SELECT coalesce(array_agg(c.relname::text ORDER BY c.relname), '{}') INTO remaining
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'organization_id' AND NOT a.attisdropped
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p');
  WHILE cardinality(remaining) > 0 LOOP
    progress := false;
    FOREACH t IN ARRAY remaining LOOP
      BEGIN
        EXECUTE format('DELETE FROM %I WHERE organization_id = $1', t) USING target;
        remaining := array_remove(remaining, t);
        progress := true;
      EXCEPTION WHEN foreign_key_violation THEN
        NULL; -- still referenced by a table not yet emptied: try again on the next pass
      END;
    END LOOP;
    IF NOT progress THEN
      -- Tables that reference each other (goals ↔ kpis ↔ org_units) go in one statement: its keys are
      -- checked at its end, when the rows on both sides are gone.
      SELECT 'WITH ' || string_agg(format('%I AS (DELETE FROM %I WHERE organization_id = $1)', 'd_' || r, r), ', ')
             || ' SELECT 1' INTO t
        FROM unnest(remaining) AS r;
      EXECUTE t USING target;
      remaining := '{}';
    END IF;
  END LOOP;
  DELETE FROM organizations WHERE id = target;
  -- Like the other SECURITY DEFINER functions this relies on the table owner passing RLS; if a
  -- deployment's owner does not, fail loudly rather than report a deletion that did not happen.
  GET DIAGNOSTICS deleted = ROW_COUNT;
  IF deleted <> 1 THEN
    RAISE EXCEPTION 'delete_organization: the organization row was not deleted';
  END IF;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION delete_organization(uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION delete_organization(uuid) TO app_user;
--> statement-breakpoint
-- Renaming an organization's slug needs to know whether another organization has (or had) it, which
-- RLS rightly hides inside withTenant. This answers yes or no and reveals nothing else.
CREATE FUNCTION organization_slug_taken(candidate text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT EXISTS (SELECT 1 FROM organizations WHERE slug = candidate
                   AND id IS DISTINCT FROM nullif(current_setting('app.organization_id', true), '')::uuid)
      OR EXISTS (SELECT 1 FROM organization_slug_redirects WHERE slug = candidate
                   AND organization_id IS DISTINCT FROM nullif(current_setting('app.organization_id', true), '')::uuid)
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION organization_slug_taken(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION organization_slug_taken(text) TO app_user;
