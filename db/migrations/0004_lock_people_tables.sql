ALTER TABLE "unit_memberships" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "invitations" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "notifications" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- An invitation link carries only its token. Before the organization is known, this function
-- (running as the table owner, so past RLS) maps the token's hash to its organization and
-- invitation, and to nothing else; everything after that goes through withTenant.
CREATE FUNCTION invitation_by_token_hash(token_hash text)
RETURNS TABLE (organization_id uuid, invitation_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT organization_id, id FROM invitations WHERE invitations.token_hash = $1 $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION invitation_by_token_hash(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION invitation_by_token_hash(text) TO app_user;
