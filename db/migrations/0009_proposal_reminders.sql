-- The reminder job looks across organizations for proposals whose review is half over. This function
-- (running as the table owner, so past RLS) returns only their ids; the job then works on each through
-- withTenant like any request.
CREATE FUNCTION proposals_due_for_reminder(at timestamptz)
RETURNS TABLE (organization_id uuid, proposal_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT organization_id, id FROM kpi_proposals
  WHERE state = 'in_review' AND reminded_at IS NULL AND review_deadline IS NOT NULL AND submitted_at IS NOT NULL
    AND submitted_at + (review_deadline - submitted_at) / 2 <= $1
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION proposals_due_for_reminder(timestamptz) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION proposals_due_for_reminder(timestamptz) TO app_user;
