-- Topics decided by the right people (DESIGN, end of "Membership and onboarding"): who may vote (the members of some
-- buildings only), how ballots count (one per member, or one per household: its latest, by any member), and the
-- tally of 民法典 art. 278 by owners and by floor area with whether the topic passed.
--
-- Rules held here whatever statement writes the rows:
--   * a topic's eligible buildings are buildings of its own community (foreign keys through the community);
--   * a ballot's key is its voter: the person, or for a per-household topic the caster's household. The primary key
--     (topic, voter) makes a household's ballot one row whoever of its members casts it, and an upsert on that key
--     makes the latest ballot the household's one ballot. The trigger derives the key from the caster's verified
--     membership, so no statement can key a household ballot any other way;
--   * who may vote is one function (topic_voter) that the vote statement and the trigger both ask;
--   * closing freezes the household and area tallies with the head counts.
-- Trigger errors: LT004 NOT_ELIGIBLE (→ 403).

ALTER TABLE topics
  -- per_resident: one ballot per verified member; per_household: the household's latest ballot by any member.
  ADD COLUMN ballot_rule text NOT NULL DEFAULT 'per_resident' CHECK (ballot_rule IN ('per_resident', 'per_household')),
  ADD COLUMN pass_rule text NOT NULL DEFAULT 'none'
    CHECK (pass_rule IN ('none', 'civil_code_ordinary', 'civil_code_major')),
  -- The position - 1 of the option that means 同意 (the API's index into `options`).
  ADD COLUMN approve_option_index integer CHECK (approve_option_index >= 0),
  -- Frozen at close, for per-household topics: the households and area that could vote, the area of households
  -- with no area recorded (counted as 0), and the area of the households that voted.
  ADD COLUMN households_at_close integer,
  ADD COLUMN area_at_close numeric(14, 2),
  ADD COLUMN area_missing_at_close integer,
  ADD COLUMN area_voted_at_close numeric(14, 2),
  ADD CONSTRAINT topics_pass_rule_per_household CHECK (pass_rule = 'none' OR ballot_rule = 'per_household'),
  ADD CONSTRAINT topics_pass_rule_approve CHECK ((pass_rule = 'none') = (approve_option_index IS NULL)),
  ADD CONSTRAINT topics_id_community UNIQUE (id, community_id);

-- The buildings whose members may vote on a topic; none: the whole community.
CREATE TABLE topic_buildings (
  topic_id      uuid NOT NULL,
  building_id   uuid NOT NULL,
  community_id  uuid NOT NULL,
  PRIMARY KEY (topic_id, building_id),
  FOREIGN KEY (topic_id, community_id) REFERENCES topics (id, community_id),
  FOREIGN KEY (building_id, community_id) REFERENCES buildings (id, community_id)
);

-- The area of the households that chose an option, frozen at close (per-household topics).
ALTER TABLE topic_options ADD COLUMN final_area_m2 numeric(14, 2);

-- A ballot's voter: the person (per_resident) or the household (per_household); user_id is whoever cast it last.
ALTER TABLE ballots ADD COLUMN voter_key uuid, ADD COLUMN household_id uuid REFERENCES households (id);
UPDATE ballots SET voter_key = user_id;
ALTER TABLE ballots ALTER COLUMN voter_key SET NOT NULL;
ALTER TABLE ballots DROP CONSTRAINT ballots_pkey;
ALTER TABLE ballots ADD PRIMARY KEY (topic_id, voter_key);
CREATE INDEX ballots_user_idx ON ballots (topic_id, user_id);

-- The buildings a topic is for, NULL when it is for the whole community.
CREATE FUNCTION topic_building_ids(topic uuid) RETURNS uuid[] AS $$
  SELECT array_agg(building_id ORDER BY building_id) FROM topic_buildings WHERE topic_id = topic
$$ LANGUAGE sql STABLE;

-- Whether `person` may vote on a topic of `community` with these rules and buildings (NULL: all), and for which
-- household: refusal is NULL when they may, else 'membership' (no verified membership of the community, where the
-- topic needs one), 'building' (their household is outside the eligible buildings) or 'owner' (a 民法典 vote: only
-- owners vote). A topic of the whole community, one ballot per person and no pass rule asks nothing here: membership
-- of the community is checked where every vote is. Takes the rules rather than the topic, so that the statement
-- that sets them can answer with them.
CREATE FUNCTION topic_voter(community uuid, ballot_rule text, pass_rule text, buildings uuid[], person uuid,
                            OUT household_id uuid, OUT refusal text) AS $$
  SELECT m.household_id,
         CASE
           WHEN ballot_rule = 'per_resident' AND pass_rule = 'none' AND buildings IS NULL THEN NULL
           WHEN m.household_id IS NULL THEN 'membership'
           WHEN buildings IS NOT NULL AND NOT h.building_id = ANY (buildings) THEN 'building'
           WHEN pass_rule <> 'none' AND m.relation <> 'owner' THEN 'owner'
         END
  FROM (SELECT 1) one
  LEFT JOIN memberships m ON m.user_id = person AND m.status = 'verified' AND m.community_id = community
  LEFT JOIN households h ON h.id = m.household_id
$$ LANGUAGE sql STABLE;

-- Who may vote, in heads: verified members whose accounts remain, of the eligible buildings (NULL: all), owners only
-- under a pass rule. The whole community with no pass rule is eligible_voters(community).
CREATE FUNCTION topic_eligible_voters(community uuid, pass_rule text, buildings uuid[]) RETURNS integer AS $$
  SELECT count(*)::int
  FROM memberships m
  JOIN users u ON u.id = m.user_id AND u.deleted_at IS NULL
  JOIN households h ON h.id = m.household_id
  WHERE m.community_id = community AND m.status = 'verified'
    AND (pass_rule = 'none' OR m.relation = 'owner')
    AND (buildings IS NULL OR h.building_id = ANY (buildings))
$$ LANGUAGE sql STABLE;

-- The households of the eligible buildings (NULL: the whole community): every 专有部分 on the community's roster,
-- joined to the app or not, as art. 278 counts all owners. Area: the recorded areas summed; `missing` households
-- have none recorded (counted as 0).
CREATE FUNCTION topic_households(community uuid, buildings uuid[], OUT households integer, OUT area numeric,
                                 OUT missing integer) AS $$
  SELECT count(h.id)::int, COALESCE(sum(h.area_m2), 0), (count(h.id) - count(h.area_m2))::int
  FROM households h
  WHERE h.community_id = community AND (buildings IS NULL OR h.building_id = ANY (buildings))
$$ LANGUAGE sql STABLE;

-- 民法典 art. 278, in exact integer and numeric arithmetic. Participation: at least 2/3 of all owners (households) and
-- of all area, for every decision of the owners (278 para. 2, first sentence); approval among those who took part:
-- ordinary — more than half of the heads and of the area; major — at least 3/4 of both. Nothing passes with no one
-- voting or no area recorded. NULL when the topic has no pass rule.
CREATE FUNCTION civil_code_passed(rule text, households integer, area numeric, voted integer, voted_area numeric,
                                  approved integer, approved_area numeric) RETURNS boolean AS $$
  SELECT CASE WHEN rule = 'none' THEN NULL ELSE
    voted > 0 AND area > 0
    AND 3 * voted >= 2 * households AND 3 * voted_area >= 2 * area
    AND CASE rule
          WHEN 'civil_code_ordinary' THEN 2 * approved > voted AND 2 * approved_area > voted_area
          ELSE 4 * approved >= 3 * voted AND 4 * approved_area >= 3 * voted_area
        END
  END
$$ LANGUAGE sql IMMUTABLE;

-- The ballot check of 0004, now also keying the ballot by its voter: the caster, or the caster's household on a
-- per-household topic; and refusing who may not vote.
CREATE OR REPLACE FUNCTION ballots_check() RETURNS trigger AS $$
DECLARE
  t topics%ROWTYPE;
  v record;
BEGIN
  SELECT * INTO t FROM topics WHERE id = NEW.topic_id FOR SHARE;
  IF t.status <> 'open' THEN
    RAISE EXCEPTION 'topic % is not open', t.id USING ERRCODE = 'LT001';
  END IF;
  IF cardinality(NEW.option_ids) > t.max_choices
     OR (SELECT count(DISTINCT x) FROM unnest(NEW.option_ids) x) <> cardinality(NEW.option_ids)
     OR EXISTS (SELECT 1 FROM unnest(NEW.option_ids) x
                WHERE NOT EXISTS (SELECT 1 FROM topic_options o WHERE o.id = x AND o.topic_id = NEW.topic_id)) THEN
    RAISE EXCEPTION 'invalid options for topic %', t.id USING ERRCODE = 'LT002';
  END IF;
  SELECT * INTO v FROM topic_voter(t.community_id, t.ballot_rule, t.pass_rule, topic_building_ids(t.id), NEW.user_id);
  IF v.refusal IS NOT NULL THEN
    RAISE EXCEPTION 'user % may not vote on topic %', NEW.user_id, t.id USING ERRCODE = 'LT004';
  END IF;
  NEW.household_id := v.household_id;
  NEW.voter_key := CASE WHEN t.ballot_rule = 'per_household' THEN v.household_id ELSE NEW.user_id END;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

-- Closing freezes the tally (0004, 0007): the head counts, and for per-household topics the households and area
-- that could vote and that voted, and the area per option.
CREATE OR REPLACE FUNCTION topics_freeze_tally() RETURNS trigger AS $$
DECLARE
  base record;
BEGIN
  UPDATE topic_options o
  SET final_count = (SELECT count(*) FROM ballots b WHERE b.topic_id = NEW.id AND o.id = ANY (b.option_ids)),
      final_area_m2 = CASE WHEN NEW.ballot_rule = 'per_household' THEN
        (SELECT COALESCE(sum(h.area_m2), 0) FROM ballots b JOIN households h ON h.id = b.household_id
         WHERE b.topic_id = NEW.id AND o.id = ANY (b.option_ids)) END
  WHERE o.topic_id = NEW.id;
  SELECT * INTO base FROM topic_households(NEW.community_id, topic_building_ids(NEW.id));
  UPDATE topics SET eligible_at_close = topic_eligible_voters(NEW.community_id, NEW.pass_rule, topic_building_ids(NEW.id)),
    households_at_close = CASE WHEN NEW.ballot_rule = 'per_household' THEN base.households END,
    area_at_close = CASE WHEN NEW.ballot_rule = 'per_household' THEN base.area END,
    area_missing_at_close = CASE WHEN NEW.ballot_rule = 'per_household' THEN base.missing END,
    area_voted_at_close = CASE WHEN NEW.ballot_rule = 'per_household' THEN
      (SELECT COALESCE(sum(h.area_m2), 0) FROM ballots b JOIN households h ON h.id = b.household_id
       WHERE b.topic_id = NEW.id) END
  WHERE id = NEW.id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
