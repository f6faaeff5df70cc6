-- A statement of a caller that an instance knows from an earlier request carries the version of the account it knew,
-- and for a write one hit on the caller's write limit (src/server/auth/caller-check.ts). When the account is no
-- longer that, or the hit is one too many, the statement calls one of these, which ends it with everything it wrote
-- undone; the app then reads the account afresh and answers again, or answers 429.
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

-- The version of everything the caller lookup reads (findActor in features/users/repo.ts): the account's own columns,
-- its volunteer registration and its staff assignments. Comparing one number by primary key is what a confirmation
-- costs; the counters that every post or booking moves (live_wishes and the like) are not part of it.
ALTER TABLE users ADD COLUMN account_version bigint NOT NULL DEFAULT 0;

CREATE FUNCTION users_account_version() RETURNS trigger AS $$
BEGIN
  IF (NEW.nickname, NEW.avatar_url, NEW.role, NEW.community_id, NEW.building, NEW.elder_mode, NEW.deleted_at)
     IS DISTINCT FROM (OLD.nickname, OLD.avatar_url, OLD.role, OLD.community_id, OLD.building, OLD.elder_mode, OLD.deleted_at)
  THEN
    NEW.account_version := OLD.account_version + 1;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER users_account_version BEFORE UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION users_account_version();

-- A change to a volunteer registration or a staff assignment is a change to its person's account.
CREATE FUNCTION bump_account_version() RETURNS trigger AS $$
BEGIN
  UPDATE users SET account_version = account_version + 1
  WHERE id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.user_id ELSE NEW.user_id END);
  IF TG_OP = 'UPDATE' AND OLD.user_id IS DISTINCT FROM NEW.user_id THEN
    UPDATE users SET account_version = account_version + 1 WHERE id = OLD.user_id;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER volunteers_account_version AFTER INSERT OR UPDATE OR DELETE ON volunteers
  FOR EACH ROW EXECUTE FUNCTION bump_account_version();
CREATE TRIGGER staff_assignments_account_version AFTER INSERT OR UPDATE OR DELETE ON staff_assignments
  FOR EACH ROW EXECUTE FUNCTION bump_account_version();
