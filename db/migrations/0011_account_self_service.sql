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
-- owner check inside that tenant transaction. Measurements go first and explicitly: removing the
-- organization's API tokens would otherwise SET NULL measurements.recorded_by_token_id, an UPDATE the
-- locked-period trigger refuses. Everything else follows from ON DELETE CASCADE on organization_id.
CREATE FUNCTION delete_organization(target uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
  IF target IS NULL OR target IS DISTINCT FROM nullif(current_setting('app.organization_id', true), '')::uuid THEN
    RAISE EXCEPTION 'delete_organization: only the organization of the current transaction can be deleted'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  DELETE FROM measurements WHERE organization_id = target;
  DELETE FROM audit_log WHERE organization_id = target;
  DELETE FROM organizations WHERE id = target;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION delete_organization(uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION delete_organization(uuid) TO app_user;
