-- 社区活动 and volunteer posts; 帮帮团 (a wish claimed by a team of volunteers); hour records from both.
-- Every count that must not be exceeded is a counter on the parent row with a CHECK, moved by the one statement that
-- takes a place: the UPDATE's row lock serialises racing requests and its WHERE is re-read after the wait.

CREATE TABLE activities (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id      uuid NOT NULL REFERENCES communities (id),
  title             text NOT NULL CHECK (char_length(title) BETWEEN 2 AND 40),
  description       text NOT NULL DEFAULT '' CHECK (char_length(description) <= 1000),
  location          text NOT NULL CHECK (char_length(location) BETWEEN 2 AND 100),
  starts_at         timestamptz NOT NULL,
  ends_at           timestamptz NOT NULL,
  signup_closes_at  timestamptz NOT NULL,
  -- Null: no limit on sign-ups. Seats count party sizes.
  capacity          integer CHECK (capacity BETWEEN 1 AND 10000),
  seats_taken       integer NOT NULL DEFAULT 0,
  status            text NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'completed', 'cancelled')),
  created_by        uuid NOT NULL REFERENCES users (id),
  created_at        timestamptz NOT NULL DEFAULT now(),
  completed_at      timestamptz,
  completed_by      uuid REFERENCES users (id),
  CONSTRAINT activities_seats_within_capacity CHECK (seats_taken >= 0 AND (capacity IS NULL OR seats_taken <= capacity)),
  CHECK (ends_at > starts_at),
  CHECK (signup_closes_at <= starts_at),
  CHECK ((status = 'completed') = (completed_at IS NOT NULL))
);
CREATE INDEX activities_community_idx ON activities (community_id, starts_at);

CREATE TABLE activity_signups (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  activity_id    uuid NOT NULL REFERENCES activities (id),
  user_id        uuid NOT NULL REFERENCES users (id),
  party_size     smallint NOT NULL CHECK (party_size BETWEEN 1 AND 4),
  code           text NOT NULL CHECK (code ~ '^[0-9]{8}$'),
  status         text NOT NULL DEFAULT 'signed_up' CHECK (status IN ('signed_up', 'checked_in', 'cancelled')),
  created_at     timestamptz NOT NULL,
  cancelled_at   timestamptz,
  checked_in_at  timestamptz,
  checked_in_by  uuid REFERENCES users (id),
  CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
  CHECK ((status = 'checked_in') = (checked_in_at IS NOT NULL))
);
-- One live sign-up per person and activity; a cancelled one may be followed by another.
CREATE UNIQUE INDEX activity_signups_one_live ON activity_signups (activity_id, user_id) WHERE status <> 'cancelled';
CREATE UNIQUE INDEX activity_signups_code ON activity_signups (code) WHERE status <> 'cancelled';
CREATE INDEX activity_signups_user_idx ON activity_signups (user_id, created_at DESC);

-- An activity's check-in code, drawn among the codes not in use as booking codes are (migration 0012), in a
-- namespace of its own.
CREATE FUNCTION new_activity_code() RETURNS text AS $$
DECLARE
  drawn integer;
BEGIN
  LOOP
    drawn := floor(random() * 100000000)::integer;
    PERFORM pg_advisory_xact_lock(7171017, drawn);
    IF NOT EXISTS (SELECT 1 FROM activity_signups WHERE code = lpad(drawn::text, 8, '0') AND status <> 'cancelled') THEN
      RETURN lpad(drawn::text, 8, '0');
    END IF;
  END LOOP;
END;
$$ LANGUAGE plpgsql VOLATILE;

CREATE TABLE activity_posts (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  activity_id  uuid NOT NULL REFERENCES activities (id),
  name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 20),
  count        smallint NOT NULL CHECK (count BETWEEN 1 AND 50),
  hours        numeric(3, 1) NOT NULL CHECK (hours BETWEEN 0.5 AND 8),
  taken        smallint NOT NULL DEFAULT 0,
  position     smallint NOT NULL,
  CONSTRAINT activity_posts_within_count CHECK (taken BETWEEN 0 AND count)
);
CREATE INDEX activity_posts_activity_idx ON activity_posts (activity_id, position);

CREATE TABLE activity_post_claims (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  post_id       uuid NOT NULL REFERENCES activity_posts (id),
  activity_id   uuid NOT NULL REFERENCES activities (id),
  volunteer_id  uuid NOT NULL REFERENCES users (id),
  claimed_at    timestamptz NOT NULL,
  released_at   timestamptz,
  -- Marked by staff when completing the activity: no hours.
  absent        boolean NOT NULL DEFAULT false
);
-- One post per volunteer and activity at a time.
CREATE UNIQUE INDEX activity_post_claims_one_live ON activity_post_claims (activity_id, volunteer_id)
  WHERE released_at IS NULL;
CREATE INDEX activity_post_claims_post_idx ON activity_post_claims (post_id) WHERE released_at IS NULL;
CREATE INDEX activity_post_claims_volunteer_idx ON activity_post_claims (volunteer_id, claimed_at DESC);

-- Hour records now come from a wish (one per member of its team) or from an activity's post.
ALTER TABLE volunteer_hours ALTER COLUMN wish_id DROP NOT NULL;
ALTER TABLE volunteer_hours DROP CONSTRAINT volunteer_hours_wish_id_key;
ALTER TABLE volunteer_hours ADD COLUMN activity_post_id uuid REFERENCES activity_posts (id);
ALTER TABLE volunteer_hours ADD CONSTRAINT volunteer_hours_one_source CHECK (num_nonnulls(wish_id, activity_post_id) = 1);
CREATE UNIQUE INDEX volunteer_hours_once_per_wish ON volunteer_hours (wish_id, volunteer_id) WHERE wish_id IS NOT NULL;
CREATE UNIQUE INDEX volunteer_hours_once_per_post ON volunteer_hours (activity_post_id, volunteer_id)
  WHERE activity_post_id IS NOT NULL;

-- 帮帮团: a wish may ask for a team of 2–5. team_count is the live members; each join adds one in the claim's
-- UPDATE, whose WHERE asks for room. An ordinary wish has a team of one, so its one-claimer rule is the same CHECK
-- (and the unique index of its live claim stays, for claims that are not a team's).
ALTER TABLE wishes ADD COLUMN team_size smallint NOT NULL DEFAULT 1 CHECK (team_size BETWEEN 1 AND 5);
ALTER TABLE wishes ADD COLUMN team_count smallint NOT NULL DEFAULT 0;
ALTER TABLE wishes ADD CONSTRAINT wishes_team_within_size CHECK (team_count BETWEEN 0 AND team_size);
UPDATE wishes SET team_count = 1 WHERE status IN ('claimed', 'fulfilled', 'completed');
ALTER TABLE wish_claims ADD COLUMN team boolean NOT NULL DEFAULT false;
DROP INDEX wish_claims_one_live;
CREATE UNIQUE INDEX wish_claims_one_live ON wish_claims (wish_id) WHERE ended_at IS NULL AND NOT team;
CREATE UNIQUE INDEX wish_claims_one_per_member ON wish_claims (wish_id, volunteer_id) WHERE ended_at IS NULL;

-- The reminder the day before an activity: once per person and activity.
CREATE UNIQUE INDEX notifications_activity_reminder_once ON notifications (user_id, entity_id)
  WHERE kind = 'activity.reminder';
