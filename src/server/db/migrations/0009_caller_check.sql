-- A read by a caller that an instance knows from an earlier request carries the digest of the account as it knew it
-- (src/server/auth/caller-check.ts). When the account is no longer that, the statement calls this, which ends the
-- statement with everything it wrote undone; the app then reads the account afresh and answers again.
CREATE FUNCTION caller_changed() RETURNS boolean AS $$
BEGIN
  RAISE EXCEPTION 'the caller''s account changed' USING ERRCODE = 'LB100';
END;
$$ LANGUAGE plpgsql VOLATILE;
