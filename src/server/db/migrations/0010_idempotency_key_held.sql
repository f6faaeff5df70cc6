-- A write with an Idempotency-Key by a caller an instance knows takes the key in its first statement, with the
-- confirmation of migration 0009 (src/server/auth/caller-check.ts). When another request holds the key, the statement
-- calls this, which ends it with everything it wrote undone; the app then answers with that request's answer.
CREATE FUNCTION idempotency_key_held() RETURNS boolean AS $$
BEGIN
  RAISE EXCEPTION 'the idempotency key is held by another request' USING ERRCODE = 'LB102';
END;
$$ LANGUAGE plpgsql VOLATILE;
