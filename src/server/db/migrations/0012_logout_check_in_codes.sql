-- POST /api/auth/logout ends the token it is called with, and with ?all=1 every token of the user, at once on every
-- instance (src/server/auth/session.ts). Tokens are not stored: a token carries its id and the user's token generation.
-- Ending one token records its id here until the token would have expired anyway (expired rows go with a later
-- logout); ending them all moves the user's generation on, which ends every token of an older one.
ALTER TABLE users ADD COLUMN token_generation integer NOT NULL DEFAULT 0;

CREATE TABLE revoked_tokens (
  token_id text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL
);
CREATE INDEX revoked_tokens_expires_at ON revoked_tokens (expires_at);

-- Both are part of what a caller's lookup reads (findActor), so both move the account's version (migration 0009):
-- every instance that knows the caller reads them afresh on its next request, at no cost to any other request.
CREATE OR REPLACE FUNCTION users_account_version() RETURNS trigger AS $$
BEGIN
  IF (NEW.nickname, NEW.avatar_url, NEW.role, NEW.community_id, NEW.building, NEW.elder_mode, NEW.deleted_at,
      NEW.token_generation)
     IS DISTINCT FROM (OLD.nickname, OLD.avatar_url, OLD.role, OLD.community_id, OLD.building, OLD.elder_mode,
      OLD.deleted_at, OLD.token_generation)
  THEN
    NEW.account_version := OLD.account_version + 1;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER revoked_tokens_account_version AFTER INSERT ON revoked_tokens
  FOR EACH ROW EXECUTE FUNCTION bump_account_version();

-- A check-in code is drawn among the codes not in use, so an insert never meets the unique index by chance (before,
-- the repeat was refused and the request's retry failed with its transaction, or a waitlist promotion lapsed). A
-- code being drawn is held until the drawing transaction ends: one that drew the same code at the same moment waits,
-- then sees it in use and draws again. (The lock's first key is the codes' own namespace; an 8-digit code fits the
-- second.) The unique index stays as the rule.
CREATE OR REPLACE FUNCTION new_check_in_code() RETURNS text AS $$
DECLARE
  drawn integer;
BEGIN
  LOOP
    drawn := floor(random() * 100000000)::integer;
    PERFORM pg_advisory_xact_lock(7171012, drawn);
    IF NOT EXISTS (SELECT 1 FROM bookings WHERE code = lpad(drawn::text, 8, '0')) THEN
      RETURN lpad(drawn::text, 8, '0');
    END IF;
  END LOOP;
END;
$$ LANGUAGE plpgsql VOLATILE;
