CREATE TYPE "public"."api_token_scope" AS ENUM('read', 'write');--> statement-breakpoint
CREATE TYPE "public"."idempotency_state" AS ENUM('in_flight', 'done');--> statement-breakpoint
CREATE TYPE "public"."confidence" AS ENUM('on_track', 'at_risk', 'off_track');--> statement-breakpoint
CREATE TYPE "public"."job_status" AS ENUM('pending', 'running', 'done', 'failed');--> statement-breakpoint
CREATE TABLE "period_locks" (
	"organization_id" uuid NOT NULL,
	"period_key" text NOT NULL,
	"kind" "period_kind" NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"locked_by" uuid,
	"locked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "period_locks_organization_id_period_key_pk" PRIMARY KEY("organization_id","period_key"),
	CONSTRAINT "period_locks_dates" CHECK ("period_locks"."start_date" <= "period_locks"."end_date")
);
--> statement-breakpoint
ALTER TABLE "period_locks" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "api_idempotency_keys" (
	"organization_id" uuid NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"state" "idempotency_state" DEFAULT 'in_flight' NOT NULL,
	"lease_until" timestamp with time zone,
	"response_status" integer,
	"response_body" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_idempotency_keys_organization_id_key_pk" PRIMARY KEY("organization_id","key")
);
--> statement-breakpoint
ALTER TABLE "api_idempotency_keys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"scope" "api_token_scope" NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "api_tokens_name_length" CHECK (char_length("api_tokens"."name") between 1 and 100)
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "check_ins" (
	"organization_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kpi_id" uuid NOT NULL,
	"period_key" text NOT NULL,
	"confidence" "confidence" NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "check_ins_organization_id_id_pk" PRIMARY KEY("organization_id","id"),
	CONSTRAINT "check_ins_comment_length" CHECK (char_length("check_ins"."comment") <= 2000)
);
--> statement-breakpoint
ALTER TABLE "check_ins" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" "job_status" DEFAULT 'pending' NOT NULL,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"lease_until" timestamp with time zone,
	"last_error" text,
	"done_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "actor_token_id" uuid;--> statement-breakpoint
ALTER TABLE "measurements" ADD COLUMN "recorded_by_token_id" uuid;--> statement-breakpoint
ALTER TABLE "period_locks" ADD CONSTRAINT "period_locks_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "period_locks" ADD CONSTRAINT "period_locks_locked_by_users_id_fk" FOREIGN KEY ("locked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_idempotency_keys" ADD CONSTRAINT "api_idempotency_keys_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_organization_id_created_by_memberships_organization_id_user_id_fk" FOREIGN KEY ("organization_id","created_by") REFERENCES "public"."memberships"("organization_id","user_id") ON DELETE SET NULL ("created_by") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_organization_id_kpi_id_kpis_organization_id_id_fk" FOREIGN KEY ("organization_id","kpi_id") REFERENCES "public"."kpis"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "period_locks_dates_idx" ON "period_locks" USING btree ("organization_id","start_date","end_date");--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "check_ins_kpi_period_idx" ON "check_ins" USING btree ("organization_id","kpi_id","period_key","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_key_key" ON "jobs" USING btree ("key");--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("status","run_at");--> statement-breakpoint
ALTER TABLE "measurements" ADD CONSTRAINT "measurements_organization_id_recorded_by_token_id_api_tokens_organization_id_id_fk" FOREIGN KEY ("organization_id","recorded_by_token_id") REFERENCES "public"."api_tokens"("organization_id","id") ON DELETE SET NULL ("recorded_by_token_id") ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "period_locks" AS PERMISSIVE FOR ALL TO "app_user" USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "api_idempotency_keys" AS PERMISSIVE FOR ALL TO "app_user" USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "api_tokens" AS PERMISSIVE FOR ALL TO "app_user" USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "check_ins" AS PERMISSIVE FOR ALL TO "app_user" USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
-- Hand-written: the two composite SET NULL keys above clear only their own column (a plain SET NULL would also clear organization_id);
-- RLS forced on the new tenant tables; the locked-period trigger; the cross-organization lookups the API and the job queue need.
ALTER TABLE "period_locks" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "api_idempotency_keys" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "api_tokens" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "check_ins" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- The last wall of a period lock: whatever path writes a value (form, CSV, API, a future one), a value
-- dated in a locked period cannot be inserted or changed. The application checks first and explains.
CREATE FUNCTION measurements_refuse_locked_period() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp
AS $$
DECLARE
  locked text;
BEGIN
  SELECT period_key INTO locked FROM period_locks
    WHERE organization_id = NEW.organization_id AND NEW.date BETWEEN start_date AND end_date LIMIT 1;
  IF locked IS NULL AND TG_OP = 'UPDATE' THEN
    SELECT period_key INTO locked FROM period_locks
      WHERE organization_id = OLD.organization_id AND OLD.date BETWEEN start_date AND end_date LIMIT 1;
  END IF;
  IF locked IS NOT NULL THEN
    RAISE EXCEPTION 'The period % is locked: its values can no longer change', locked USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER measurements_locked_period BEFORE INSERT OR UPDATE ON "measurements"
  FOR EACH ROW EXECUTE FUNCTION measurements_refuse_locked_period();--> statement-breakpoint
-- An API request carries only its token. Before the organization is known, this function (running as
-- the table owner, so past RLS) maps the hash of a live token to its organization and id, nothing else.
CREATE FUNCTION api_token_by_hash(token_hash text)
RETURNS TABLE (organization_id uuid, token_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT organization_id, id FROM api_tokens WHERE api_tokens.token_hash = $1 AND revoked_at IS NULL $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION api_token_by_hash(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION api_token_by_hash(text) TO app_user;--> statement-breakpoint
-- Daily jobs (the overdue digest) run once per organization; this lists their ids and nothing else.
CREATE FUNCTION organization_ids_for_jobs()
RETURNS TABLE (organization_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT id FROM organizations $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION organization_ids_for_jobs() FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION organization_ids_for_jobs() TO app_user;
