-- A statement of a caller that an instance knows from an earlier request carries the digest of the account as it
-- knew it, and for a write one hit on the caller's write limit (src/server/auth/caller-check.ts). When the account is
-- no longer that, or the hit is one too many, the statement calls one of these, which ends it with everything it
-- wrote undone; the app then reads the account afresh and answers again, or answers 429.
CREATE FUNCTION caller_changed() RETURNS boolean AS $$
BEGIN
  RAISE EXCEPTION 'the caller''s account changed' USING ERRCODE = 'LB100';
END;
$$ LANGUAGE plpgsql VOLATILE;

CREATE FUNCTION too_many_writes() RETURNS boolean AS $$
BEGIN
  RAISE EXCEPTION 'too many writes in this minute' USING ERRCODE = 'LB101';
END;
$$ LANGUAGE plpgsql VOLATILE;
