-- 议事协商: topics, their options, ballots, comments and reports, the outcome and progress updates, and the public
-- timeline of staff decisions (居务公开).
--
-- Rules held here whatever statement writes the rows:
--   * one ballot per person per topic (the primary key), its options the topic's own and at most max_choices of them
--     (a trigger); no ballot once the topic is closed (the trigger, against the locked topic row);
--   * closing freezes the tally: the trigger that closes a topic writes the counts, and ballots need the topic open;
--   * a comment replies to a top-level comment of the same topic (one level), and three reports from different
--     residents hide it exactly once (a trigger on the reports, serialised on the comment row).
-- Trigger errors: LT001 TOPIC_NOT_OPEN · LT002 INVALID_OPTIONS (→ 400) · LT003 REPLY_TOO_DEEP (→ 400)

CREATE TABLE topics (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id         uuid NOT NULL REFERENCES communities (id),
  author_id            uuid NOT NULL REFERENCES users (id),
  title                text NOT NULL CHECK (char_length(title) BETWEEN 4 AND 60),
  body                 text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
  status               text NOT NULL DEFAULT 'pending_review'
                       CHECK (status IN ('pending_review', 'rejected', 'open', 'closed')),
  reject_reason        text,
  max_choices          integer CHECK (max_choices >= 1),
  voting_opens_at      timestamptz,
  voting_closes_at     timestamptz,
  results_visibility   text CHECK (results_visibility IN ('always', 'after_close')),
  closed_at            timestamptz,
  -- Residents of the community when the topic closed: the turnout's denominator, frozen with the tally.
  eligible_at_close    integer,
  outcome_summary      text CHECK (char_length(outcome_summary) <= 1000),
  outcome_at           timestamptz,
  progress             integer CHECK (progress BETWEEN 0 AND 100),
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL,
  CHECK (status <> 'rejected' OR reject_reason IS NOT NULL),
  CHECK (status NOT IN ('open', 'closed')
         OR (max_choices IS NOT NULL AND voting_opens_at IS NOT NULL AND voting_closes_at > voting_opens_at
             AND results_visibility IS NOT NULL)),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
  CHECK (outcome_summary IS NULL OR status = 'closed'),
  CHECK ((outcome_summary IS NULL) = (outcome_at IS NULL)),
  CHECK (progress IS NULL OR outcome_summary IS NOT NULL)
);
CREATE INDEX topics_community_idx ON topics (community_id, created_at DESC, id);

CREATE TABLE topic_options (
  id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  topic_id  uuid NOT NULL REFERENCES topics (id),
  position  integer NOT NULL,
  label     text NOT NULL CHECK (char_length(label) BETWEEN 1 AND 40),
  -- The count when the topic closed.
  final_count integer,
  UNIQUE (topic_id, position),
  UNIQUE (topic_id, label)
);

CREATE TABLE ballots (
  topic_id    uuid NOT NULL REFERENCES topics (id),
  user_id     uuid NOT NULL REFERENCES users (id),
  option_ids  uuid[] NOT NULL CHECK (cardinality(option_ids) >= 1),
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (topic_id, user_id)
);

-- A ballot's options are the topic's own, distinct and at most max_choices; the topic must be open. The topic row is
-- locked (shared), so a close waits for ballots being cast and no ballot follows it.
CREATE FUNCTION ballots_check() RETURNS trigger AS $$
DECLARE
  t topics%ROWTYPE;
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
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER ballots_check BEFORE INSERT OR UPDATE ON ballots
  FOR EACH ROW EXECUTE FUNCTION ballots_check();

CREATE TABLE topic_comments (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  topic_id          uuid NOT NULL REFERENCES topics (id),
  author_id         uuid NOT NULL REFERENCES users (id),
  parent_id         uuid REFERENCES topic_comments (id),
  body              text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 500),
  hidden            boolean NOT NULL DEFAULT false,
  -- Set once staff have hidden or restored it: reports no longer decide.
  staff_decided     boolean NOT NULL DEFAULT false,
  report_count      integer NOT NULL DEFAULT 0,
  -- When the latest report came: the staff's queue of reported comments is ordered by it.
  last_reported_at  timestamptz,
  created_at        timestamptz NOT NULL,
  CHECK ((report_count = 0) = (last_reported_at IS NULL))
);
CREATE INDEX topic_comments_topic_idx ON topic_comments (topic_id, created_at, id);
-- The staff's queue: reported comments staff have not decided yet.
CREATE INDEX topic_comments_reported_idx ON topic_comments (last_reported_at DESC, id)
  WHERE report_count > 0 AND NOT staff_decided;

-- One level of replies, within the topic.
CREATE FUNCTION topic_comments_check_parent() RETURNS trigger AS $$
BEGIN
  IF NEW.parent_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM topic_comments p WHERE p.id = NEW.parent_id AND p.topic_id = NEW.topic_id AND p.parent_id IS NULL
  ) THEN
    RAISE EXCEPTION 'comment % is not a top-level comment of topic %', NEW.parent_id, NEW.topic_id
      USING ERRCODE = 'LT003';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER topic_comments_check_parent BEFORE INSERT ON topic_comments
  FOR EACH ROW EXECUTE FUNCTION topic_comments_check_parent();

CREATE TABLE comment_reports (
  comment_id   uuid NOT NULL REFERENCES topic_comments (id),
  reporter_id  uuid NOT NULL REFERENCES users (id),
  reason       text NOT NULL CHECK (char_length(reason) BETWEEN 2 AND 200),
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (comment_id, reporter_id)
);

CREATE TABLE topic_updates (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  topic_id    uuid NOT NULL REFERENCES topics (id),
  author_id   uuid NOT NULL REFERENCES users (id),
  note        text NOT NULL CHECK (char_length(note) BETWEEN 2 AND 500),
  progress    integer NOT NULL CHECK (progress BETWEEN 0 AND 100),
  created_at  timestamptz NOT NULL
);
CREATE INDEX topic_updates_topic_idx ON topic_updates (topic_id, created_at);

-- The public timeline: the proposal and every staff decision, with who and when.
CREATE TABLE topic_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  topic_id    uuid NOT NULL REFERENCES topics (id),
  actor_id    uuid REFERENCES users (id),
  -- 'system' when reports hid a comment.
  actor_role  text NOT NULL,
  type        text NOT NULL CHECK (type IN ('proposed', 'approved', 'rejected', 'closed', 'comment_hidden',
                                            'comment_restored', 'outcome', 'update')),
  note        text,
  created_at  timestamptz NOT NULL
);
CREATE INDEX topic_events_topic_idx ON topic_events (topic_id, id);

-- A third report from a different resident hides the comment, once: the UPDATE is serialised on the comment row and
-- only the first to find it visible with enough reports hides it, and records that in the timeline and audit log.
CREATE FUNCTION comment_reports_count() RETURNS trigger AS $$
DECLARE
  c topic_comments%ROWTYPE;
BEGIN
  UPDATE topic_comments
  SET report_count = report_count + 1, last_reported_at = greatest(last_reported_at, NEW.created_at)
  WHERE id = NEW.comment_id RETURNING * INTO c;
  IF c.report_count >= 3 AND NOT c.hidden AND NOT c.staff_decided THEN
    UPDATE topic_comments SET hidden = true WHERE id = c.id;
    INSERT INTO topic_events (topic_id, actor_role, type, note, created_at)
    VALUES (c.topic_id, 'system', 'comment_hidden', '多位居民举报，评论已暂时隐藏，等待工作人员处理', NEW.created_at);
    INSERT INTO audit_log (actor_role, action, entity_type, entity_id, community_id, before, after, created_at)
    SELECT 'system', 'comment.hidden_by_reports', 'comment', c.id::text, t.community_id,
           jsonb_build_object('hidden', false), jsonb_build_object('hidden', true, 'reports', c.report_count),
           NEW.created_at
    FROM topics t WHERE t.id = c.topic_id;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER comment_reports_count AFTER INSERT ON comment_reports
  FOR EACH ROW EXECUTE FUNCTION comment_reports_count();

-- Closing freezes the tally: the counts per option and the community's residents at that moment. It runs once the
-- topic row is locked for the close, so it counts every ballot committed before and none can follow.
CREATE FUNCTION topics_freeze_tally() RETURNS trigger AS $$
BEGIN
  UPDATE topic_options o
  SET final_count = (SELECT count(*) FROM ballots b WHERE b.topic_id = NEW.id AND o.id = ANY (b.option_ids))
  WHERE o.topic_id = NEW.id;
  UPDATE topics SET eligible_at_close = (SELECT count(*) FROM users u WHERE u.community_id = NEW.community_id)
  WHERE id = NEW.id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER topics_freeze_tally AFTER UPDATE OF status ON topics
  FOR EACH ROW WHEN (NEW.status = 'closed' AND OLD.status <> 'closed') EXECUTE FUNCTION topics_freeze_tally();

-- The state machine: pending_review → rejected | open → closed.
CREATE FUNCTION topics_guard_transition() RETURNS trigger AS $$
BEGIN
  IF NEW.status <> OLD.status AND (OLD.status, NEW.status) NOT IN (
    ('pending_review', 'rejected'), ('pending_review', 'open'), ('open', 'closed')
  ) THEN
    RAISE EXCEPTION 'topic % cannot go from % to %', OLD.id, OLD.status, NEW.status USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER topics_guard_transition BEFORE UPDATE OF status ON topics
  FOR EACH ROW EXECUTE FUNCTION topics_guard_transition();
