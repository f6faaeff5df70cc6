-- Identity, roles and the cross-cutting tables every feature uses.

CREATE TABLE communities (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 60),
  street      text NOT NULL,
  district    text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  openid        text NOT NULL UNIQUE,
  nickname      text NOT NULL CHECK (char_length(nickname) BETWEEN 1 AND 32),
  avatar_url    text,
  -- The account's kind. "volunteer" is not stored here: it follows from an active row in volunteers.
  role          text NOT NULL DEFAULT 'resident' CHECK (role IN ('resident', 'staff', 'admin')),
  community_id  uuid REFERENCES communities (id),
  building      text,
  elder_mode    boolean NOT NULL DEFAULT false,
  is_demo       boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  deleted_at    timestamptz
);
CREATE INDEX users_community_idx ON users (community_id) WHERE deleted_at IS NULL;

CREATE TABLE staff_assignments (
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  community_id  uuid NOT NULL REFERENCES communities (id),
  assigned_by   uuid REFERENCES users (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, community_id)
);

-- One row per person who ever applied; the status is the volunteer's standing.
CREATE TABLE volunteers (
  user_id          uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  community_id     uuid NOT NULL REFERENCES communities (id),
  real_name        text NOT NULL CHECK (char_length(real_name) BETWEEN 2 AND 20),
  phone            text NOT NULL CHECK (phone ~ '^1[3-9][0-9]{9}$'),
  is_party_member  boolean NOT NULL DEFAULT false,
  status           text NOT NULL CHECK (status IN ('pending', 'active', 'rejected', 'suspended')),
  reason           text,
  applied_at       timestamptz NOT NULL DEFAULT now(),
  decided_at       timestamptz,
  decided_by       uuid REFERENCES users (id),
  CHECK (status <> 'rejected' OR reason IS NOT NULL)
);
CREATE INDEX volunteers_queue_idx ON volunteers (community_id, status, applied_at);

-- Every staff and admin action: who, what, when, before and after.
CREATE TABLE audit_log (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor_id      uuid REFERENCES users (id),
  actor_role    text NOT NULL,
  action        text NOT NULL,
  entity_type   text NOT NULL,
  entity_id     text,
  community_id  uuid REFERENCES communities (id),
  before        jsonb,
  after         jsonb,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_community_idx ON audit_log (community_id, created_at DESC);

-- A write's first answer, replayed when the same user retries with the same Idempotency-Key.
CREATE TABLE idempotency_keys (
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  key           text NOT NULL,
  request_hash  text NOT NULL,
  -- NULL while the first request is still being handled.
  status        integer,
  body          text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);

-- Fixed one-minute windows; serverless instances share nothing but the database.
CREATE TABLE rate_limits (
  bucket        text NOT NULL,
  window_start  timestamptz NOT NULL,
  hits          integer NOT NULL,
  PRIMARY KEY (bucket, window_start)
);
