-- Places and membership (DESIGN, "Membership and onboarding"): street → community → grid → building → household, a
-- resident's verified membership of one household, and the people a street or community names by invite (street
-- staff, grid workers, building heads, handlers of an organisation, confirmed party members). Only verified members
-- decide: they alone count as eligible voters from here on.

CREATE TABLE streets (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 60),
  district    text NOT NULL CHECK (char_length(district) BETWEEN 1 AND 60),
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (district, name)
);

-- A community's street was two words of text; it becomes a street of its own, so that street staff can act for
-- every community of theirs and the street's view can add them up.
INSERT INTO streets (name, district) SELECT DISTINCT street, district FROM communities;
ALTER TABLE communities ADD COLUMN street_id uuid REFERENCES streets (id);
UPDATE communities c SET street_id = s.id FROM streets s WHERE s.name = c.street AND s.district = c.district;
ALTER TABLE communities ALTER COLUMN street_id SET NOT NULL;
ALTER TABLE communities DROP COLUMN street, DROP COLUMN district;
ALTER TABLE communities ADD COLUMN address text CHECK (char_length(address) BETWEEN 1 AND 120);
CREATE INDEX communities_street_idx ON communities (street_id);

CREATE TABLE grids (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id  uuid NOT NULL REFERENCES communities (id),
  name          text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 30),
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (community_id, name),
  UNIQUE (id, community_id)
);

CREATE TABLE buildings (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id  uuid NOT NULL REFERENCES communities (id),
  grid_id       uuid,
  name          text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 30),
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (community_id, name),
  UNIQUE (id, community_id),
  -- A building's grid is one of its own community's.
  FOREIGN KEY (grid_id, community_id) REFERENCES grids (id, community_id)
);

-- The code printed on a household's door card: whoever holds it is taken to live there (DESIGN: verified at once).
-- Eight digits, easy to read out to an elderly resident; one in a hundred million to guess, behind the write limit.
CREATE FUNCTION new_door_code() RETURNS text AS $$
  SELECT lpad(floor(random() * 100000000)::integer::text, 8, '0')
$$ LANGUAGE sql VOLATILE;

CREATE TABLE households (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id  uuid NOT NULL,
  building_id   uuid NOT NULL,
  -- '' when the building has no units, so that (building, unit, room) names one household.
  unit          text NOT NULL DEFAULT '' CHECK (char_length(unit) <= 10),
  room          text NOT NULL CHECK (char_length(room) BETWEEN 1 AND 10),
  area_m2       numeric(8, 2) CHECK (area_m2 > 0 AND area_m2 < 100000),
  door_code     text NOT NULL DEFAULT new_door_code() CHECK (door_code ~ '^[0-9]{8}$'),
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (building_id, unit, room),
  UNIQUE (id, community_id),
  FOREIGN KEY (building_id, community_id) REFERENCES buildings (id, community_id)
);
CREATE INDEX households_community_idx ON households (community_id, building_id);

-- A person's membership of a community, one current (pending or verified) at a time. An application names its
-- address in words; a verified membership always has its household, of the same community.
CREATE TABLE memberships (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  community_id  uuid NOT NULL REFERENCES communities (id),
  household_id  uuid,
  building      text NOT NULL CHECK (char_length(building) BETWEEN 1 AND 30),
  unit          text NOT NULL DEFAULT '' CHECK (char_length(unit) <= 10),
  room          text NOT NULL CHECK (char_length(room) BETWEEN 1 AND 10),
  relation      text NOT NULL CHECK (relation IN ('owner', 'tenant', 'family')),
  real_name     text NOT NULL CHECK (char_length(real_name) BETWEEN 2 AND 20),
  status        text NOT NULL CHECK (status IN ('pending', 'verified', 'rejected', 'left')),
  reason        text CHECK (char_length(reason) <= 200),
  applied_at    timestamptz NOT NULL DEFAULT now(),
  decided_at    timestamptz,
  decided_by    uuid REFERENCES users (id),
  ended_at      timestamptz,
  FOREIGN KEY (household_id, community_id) REFERENCES households (id, community_id),
  CHECK (status <> 'verified' OR household_id IS NOT NULL),
  CHECK (status <> 'rejected' OR reason IS NOT NULL),
  CHECK ((status = 'left') = (ended_at IS NOT NULL))
);
CREATE UNIQUE INDEX memberships_current_idx ON memberships (user_id) WHERE status IN ('pending', 'verified');
CREATE INDEX memberships_queue_idx ON memberships (community_id, status, applied_at);
CREATE INDEX memberships_household_idx ON memberships (household_id) WHERE status = 'verified';

-- Staff of a street act as staff of every community of that street.
CREATE TABLE street_staff (
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  street_id   uuid NOT NULL REFERENCES streets (id),
  assigned_by uuid REFERENCES users (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, street_id)
);

-- Grid workers (网格员) and building heads (楼栋长): the people on a building's 楼道联系牌. Their name and phone are
-- the ones they gave when they accepted the invite, shown only to members of their community.
CREATE TABLE community_roles (
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  community_id  uuid NOT NULL REFERENCES communities (id),
  role          text NOT NULL CHECK (role IN ('grid_worker', 'building_head')),
  grid_id       uuid,
  building_id   uuid,
  real_name     text NOT NULL CHECK (char_length(real_name) BETWEEN 2 AND 20),
  phone         text CHECK (phone ~ '^1[3-9][0-9]{9}$'),
  created_at    timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (grid_id, community_id) REFERENCES grids (id, community_id),
  FOREIGN KEY (building_id, community_id) REFERENCES buildings (id, community_id),
  CHECK ((role = 'grid_worker') = (grid_id IS NOT NULL)),
  CHECK ((role = 'building_head') = (building_id IS NOT NULL))
);
CREATE UNIQUE INDEX community_roles_grid_idx ON community_roles (user_id, grid_id) WHERE grid_id IS NOT NULL;
CREATE UNIQUE INDEX community_roles_building_idx ON community_roles (user_id, building_id) WHERE building_id IS NOT NULL;

-- Organisations that handle residents' problems (问题反馈) and the people who act for them.
CREATE TABLE orgs (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id  uuid NOT NULL REFERENCES communities (id),
  kind          text NOT NULL CHECK (kind IN ('committee', 'property', 'owners_committee', 'department')),
  name          text NOT NULL CHECK (char_length(name) BETWEEN 2 AND 40),
  phone         text CHECK (phone ~ '^[0-9-]{7,20}$'),
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (community_id, name),
  UNIQUE (id, community_id)
);

CREATE TABLE org_handlers (
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  org_id      uuid NOT NULL REFERENCES orgs (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, org_id)
);

-- One-time codes that grant a role to whoever accepts them first. The place the role is for is fixed when the code
-- is made; accepting is one conditional UPDATE, so a code is used once however many accept it at the same moment.
CREATE TABLE invites (
  code          text PRIMARY KEY CHECK (code ~ '^[A-HJ-NP-Z2-9]{8}$'),
  role          text NOT NULL CHECK (role IN ('street_staff', 'staff', 'grid_worker', 'building_head', 'handler')),
  street_id     uuid REFERENCES streets (id),
  community_id  uuid REFERENCES communities (id),
  grid_id       uuid,
  building_id   uuid,
  org_id        uuid,
  created_by    uuid NOT NULL REFERENCES users (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  used_by       uuid REFERENCES users (id),
  used_at       timestamptz,
  FOREIGN KEY (grid_id, community_id) REFERENCES grids (id, community_id),
  FOREIGN KEY (building_id, community_id) REFERENCES buildings (id, community_id),
  FOREIGN KEY (org_id, community_id) REFERENCES orgs (id, community_id),
  CHECK ((role = 'street_staff') = (street_id IS NOT NULL)),
  CHECK ((role = 'street_staff') = (community_id IS NULL)),
  CHECK ((role = 'grid_worker') = (grid_id IS NOT NULL)),
  CHECK ((role = 'building_head') = (building_id IS NOT NULL)),
  CHECK ((role = 'handler') = (org_id IS NOT NULL)),
  CHECK ((used_by IS NULL) = (used_at IS NULL)),
  CHECK (expires_at > created_at)
);

-- Letters and digits that cannot be misread for each other (no I, O, 0, 1). Drawn among the codes not in use, as
-- check-in codes are (migration 0012).
CREATE FUNCTION new_invite_code() RETURNS text AS $$
DECLARE
  alphabet constant text := 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  drawn text;
BEGIN
  LOOP
    SELECT string_agg(substr(alphabet, 1 + floor(random() * 32)::integer, 1), '') INTO drawn
    FROM generate_series(1, 8);
    PERFORM pg_advisory_xact_lock(7171015, hashtext(drawn));
    IF NOT EXISTS (SELECT 1 FROM invites WHERE code = drawn) THEN
      RETURN drawn;
    END IF;
  END LOOP;
END;
$$ LANGUAGE plpgsql VOLATILE;

-- 党员报到: a verified member registers as a party member with their organisation; staff confirm. A confirmed party
-- member may choose to be listed on their building's 楼道联系牌 (with the phone they gave).
CREATE TABLE party_members (
  user_id       uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  community_id  uuid NOT NULL REFERENCES communities (id),
  organization  text NOT NULL CHECK (char_length(organization) BETWEEN 2 AND 60),
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed')),
  listed        boolean NOT NULL DEFAULT false,
  phone         text CHECK (phone ~ '^1[3-9][0-9]{9}$'),
  applied_at    timestamptz NOT NULL DEFAULT now(),
  confirmed_at  timestamptz,
  confirmed_by  uuid REFERENCES users (id),
  CHECK ((status = 'confirmed') = (confirmed_at IS NOT NULL)),
  CHECK (NOT listed OR status = 'confirmed')
);
CREATE INDEX party_members_community_idx ON party_members (community_id, status);

-- A staff account's role follows its community and street assignments (it followed the first alone, migration 0008),
-- under the same lock on the user's row.
CREATE OR REPLACE FUNCTION staff_assignments_role() RETURNS trigger AS $$
DECLARE
  person uuid := CASE WHEN TG_OP = 'INSERT' THEN NEW.user_id ELSE OLD.user_id END;
BEGIN
  PERFORM 1 FROM users WHERE id = person FOR UPDATE;
  IF TG_OP = 'INSERT' THEN
    UPDATE users SET role = 'staff', updated_at = now() WHERE id = person AND role = 'resident';
  ELSE
    UPDATE users SET role = 'resident', updated_at = now()
    WHERE id = person AND role = 'staff'
      AND NOT EXISTS (SELECT 1 FROM staff_assignments WHERE user_id = person)
      AND NOT EXISTS (SELECT 1 FROM street_staff WHERE user_id = person);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER street_staff_role AFTER INSERT OR DELETE ON street_staff
  FOR EACH ROW EXECUTE FUNCTION staff_assignments_role();

-- Everything the caller lookup reads moves the account's version (migration 0009), so an instance that remembers a
-- caller sees a membership decided, a street assignment or a handler's organisation changed on another instance at once.
CREATE TRIGGER memberships_account_version AFTER INSERT OR UPDATE OR DELETE ON memberships
  FOR EACH ROW EXECUTE FUNCTION bump_account_version();
CREATE TRIGGER street_staff_account_version AFTER INSERT OR UPDATE OR DELETE ON street_staff
  FOR EACH ROW EXECUTE FUNCTION bump_account_version();
CREATE TRIGGER org_handlers_account_version AFTER INSERT OR UPDATE OR DELETE ON org_handlers
  FOR EACH ROW EXECUTE FUNCTION bump_account_version();

-- Only verified members whose accounts remain are eligible voters (they were every account that chose the community,
-- migration 0007, staff included).
CREATE OR REPLACE FUNCTION eligible_voters(community uuid) RETURNS integer AS $$
  SELECT count(*)::int FROM memberships m JOIN users u ON u.id = m.user_id
  WHERE m.community_id = community AND m.status = 'verified' AND u.deleted_at IS NULL
$$ LANGUAGE sql STABLE;
CREATE INDEX memberships_verified_idx ON memberships (community_id) WHERE status = 'verified';
