-- 微心愿: wishes, their claims, timeline and the volunteer hours they earn.

-- Counters kept by triggers below, so the limits hold under any number of concurrent requests:
-- the UPDATE of the user's row serialises them, and the CHECK refuses the one over the limit.
ALTER TABLE users ADD COLUMN live_wishes integer NOT NULL DEFAULT 0 CHECK (live_wishes BETWEEN 0 AND 3);
ALTER TABLE users ADD COLUMN live_claims integer NOT NULL DEFAULT 0 CHECK (live_claims BETWEEN 0 AND 5);

CREATE TABLE wishes (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id   uuid NOT NULL REFERENCES communities (id),
  owner_id       uuid NOT NULL REFERENCES users (id),
  title          text NOT NULL CHECK (char_length(title) BETWEEN 2 AND 40),
  description    text NOT NULL DEFAULT '' CHECK (char_length(description) <= 500),
  category       text NOT NULL
                 CHECK (category IN ('daily_goods', 'elderly_care', 'education', 'disability', 'health', 'other')),
  address        text CHECK (char_length(address) <= 100),
  contact_phone  text CHECK (contact_phone ~ '^1[3-9][0-9]{9}$'),
  status         text NOT NULL DEFAULT 'pending_review'
                 CHECK (status IN ('pending_review', 'open', 'rejected', 'claimed', 'fulfilled', 'completed',
                                   'cancelled', 'expired')),
  reject_reason  text,
  -- When it last became open (review, release, timeout): open wishes expire 30 days after.
  opened_at      timestamptz,
  claimer_id     uuid REFERENCES users (id),
  claimed_at     timestamptz,
  fulfilled_at   timestamptz,
  fulfil_note    text CHECK (char_length(fulfil_note) <= 300),
  hours          numeric(3, 1) CHECK (hours BETWEEN 0.5 AND 8),
  rating         smallint CHECK (rating BETWEEN 1 AND 5),
  thanks         text CHECK (char_length(thanks) <= 200),
  completed_at   timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  -- A claimer while claimed or fulfilled, kept once completed; none before a claim. Never the owner.
  CHECK (status NOT IN ('claimed', 'fulfilled', 'completed') OR (claimer_id IS NOT NULL AND claimed_at IS NOT NULL)),
  CHECK (status NOT IN ('pending_review', 'open', 'rejected', 'expired') OR claimer_id IS NULL),
  CHECK (claimer_id IS DISTINCT FROM owner_id),
  CHECK (status <> 'rejected' OR reject_reason IS NOT NULL),
  CHECK (status NOT IN ('fulfilled', 'completed') OR hours IS NOT NULL),
  CHECK (status <> 'open' OR opened_at IS NOT NULL)
);
CREATE INDEX wishes_wall_idx ON wishes (community_id, created_at DESC, id);
CREATE INDEX wishes_owner_idx ON wishes (owner_id, created_at DESC);
CREATE INDEX wishes_claimer_idx ON wishes (claimer_id) WHERE claimer_id IS NOT NULL;
CREATE INDEX wishes_overdue_claims_idx ON wishes (claimed_at) WHERE status = 'claimed';
CREATE INDEX wishes_overdue_open_idx ON wishes (opened_at) WHERE status = 'open';

-- Every claim a wish has had; at most one is live.
CREATE TABLE wish_claims (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  wish_id       uuid NOT NULL REFERENCES wishes (id),
  volunteer_id  uuid NOT NULL REFERENCES users (id),
  claimed_at    timestamptz NOT NULL,
  ended_at      timestamptz,
  end_reason    text CHECK (end_reason IN ('released', 'timed_out', 'completed', 'cancelled')),
  CHECK ((ended_at IS NULL) = (end_reason IS NULL))
);
CREATE UNIQUE INDEX wish_claims_one_live ON wish_claims (wish_id) WHERE ended_at IS NULL;
CREATE INDEX wish_claims_volunteer_idx ON wish_claims (volunteer_id, claimed_at DESC);

CREATE TABLE wish_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  wish_id     uuid NOT NULL REFERENCES wishes (id),
  actor_id    uuid REFERENCES users (id),
  -- 'system' for the claim timeout.
  actor_role  text NOT NULL,
  type        text NOT NULL CHECK (type IN ('created', 'approved', 'rejected', 'claimed', 'released', 'timed_out',
                                            'fulfilled', 'confirmed', 'disputed', 'cancelled', 'expired')),
  note        text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX wish_events_wish_idx ON wish_events (wish_id, id);

-- One record per completed wish: who, what, how long, confirmed by whom and when.
CREATE TABLE volunteer_hours (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  wish_id        uuid NOT NULL UNIQUE REFERENCES wishes (id),
  volunteer_id   uuid NOT NULL REFERENCES users (id),
  community_id   uuid NOT NULL REFERENCES communities (id),
  hours          numeric(3, 1) NOT NULL CHECK (hours BETWEEN 0.5 AND 8),
  confirmed_by   uuid NOT NULL REFERENCES users (id),
  confirmed_at   timestamptz NOT NULL
);
CREATE INDEX volunteer_hours_volunteer_idx ON volunteer_hours (volunteer_id, confirmed_at DESC);
CREATE INDEX volunteer_hours_community_idx ON volunteer_hours (community_id, confirmed_at);

-- The state machine, enforced whatever the statement that changes a wish.
CREATE FUNCTION wishes_guard_transition() RETURNS trigger AS $$
BEGIN
  IF NEW.status = OLD.status THEN
    RETURN NEW;
  END IF;
  IF (OLD.status, NEW.status) NOT IN (
    ('pending_review', 'open'), ('pending_review', 'rejected'), ('pending_review', 'cancelled'),
    ('open', 'claimed'), ('open', 'cancelled'), ('open', 'expired'),
    ('claimed', 'open'), ('claimed', 'fulfilled'), ('claimed', 'cancelled'),
    ('fulfilled', 'completed'), ('fulfilled', 'claimed')
  ) THEN
    RAISE EXCEPTION 'wish % cannot go from % to %', OLD.id, OLD.status, NEW.status USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER wishes_guard_transition BEFORE UPDATE OF status ON wishes
  FOR EACH ROW EXECUTE FUNCTION wishes_guard_transition();

-- A resident's live wishes: waiting for review, open, claimed or fulfilled.
CREATE FUNCTION wishes_count_live() RETURNS trigger AS $$
DECLARE
  was_live boolean := TG_OP = 'UPDATE' AND OLD.status IN ('pending_review', 'open', 'claimed', 'fulfilled');
  is_live boolean := NEW.status IN ('pending_review', 'open', 'claimed', 'fulfilled');
BEGIN
  IF is_live AND NOT was_live THEN
    UPDATE users SET live_wishes = live_wishes + 1 WHERE id = NEW.owner_id;
  ELSIF was_live AND NOT is_live THEN
    UPDATE users SET live_wishes = live_wishes - 1 WHERE id = NEW.owner_id;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER wishes_count_live AFTER INSERT OR UPDATE OF status ON wishes
  FOR EACH ROW EXECUTE FUNCTION wishes_count_live();

-- A volunteer's live claims: claims not yet ended.
CREATE FUNCTION wish_claims_count_live() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NEW.ended_at IS NULL THEN
    UPDATE users SET live_claims = live_claims + 1 WHERE id = NEW.volunteer_id;
  ELSIF TG_OP = 'UPDATE' AND OLD.ended_at IS NULL AND NEW.ended_at IS NOT NULL THEN
    UPDATE users SET live_claims = live_claims - 1 WHERE id = NEW.volunteer_id;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER wish_claims_count_live AFTER INSERT OR UPDATE OF ended_at ON wish_claims
  FOR EACH ROW EXECUTE FUNCTION wish_claims_count_live();
