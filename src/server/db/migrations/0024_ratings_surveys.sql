-- 满意度 where it happens, and 群众满意度测评 (issue #21).
--
-- Rules held here whatever statement writes the rows:
--   * a booking is rated once, by its booker, after check-in: the primary key is the booking, and the one INSERT
--     that writes it reads the booking's status and booker in its WHERE;
--   * a topic is rated once per person (primary key (topic, user)), after its outcome, by who voted or commented on
--     it (the INSERT's WHERE);
--   * a survey has 1–10 items and a window that ends after it starts (CHECKs); a member's response is one row
--     (primary key (survey, user)) of one score 1–5 per item (a CHECK on the values, a trigger on the count),
--     replaced by an upsert whose WHERE holds the window, so nothing is written outside it.
--   * a wish confirmed by staff for its owner carries no rating (staff cannot speak for the owner's satisfaction):
--     the ratings staff made up before are cleared here, and every figure of ratings ignores nulls (avg does).

-- 1. Booking ratings. The community is the station's, kept on the row so the month's figures read one table.
CREATE TABLE booking_ratings (
  booking_id    uuid PRIMARY KEY REFERENCES bookings (id),
  user_id       uuid NOT NULL REFERENCES users (id),
  community_id  uuid NOT NULL REFERENCES communities (id),
  score         smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment       text CHECK (char_length(comment) <= 200),
  created_at    timestamptz NOT NULL
);
CREATE INDEX booking_ratings_community_idx ON booking_ratings (community_id, created_at);
CREATE TRIGGER booking_ratings_words BEFORE INSERT OR UPDATE ON booking_ratings
  FOR EACH ROW EXECUTE FUNCTION reject_sensitive_text('comment');

-- 2. Topic ratings: how well the consultation and its outcome served the people who took part.
CREATE TABLE topic_ratings (
  topic_id      uuid NOT NULL REFERENCES topics (id),
  user_id       uuid NOT NULL REFERENCES users (id),
  community_id  uuid NOT NULL REFERENCES communities (id),
  score         smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (topic_id, user_id)
);
CREATE INDEX topic_ratings_community_idx ON topic_ratings (community_id, created_at);

-- 3. 群众满意度测评.
CREATE TABLE surveys (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id         uuid NOT NULL REFERENCES communities (id),
  title                text NOT NULL CHECK (char_length(title) BETWEEN 2 AND 60),
  items                text[] NOT NULL CHECK (cardinality(items) BETWEEN 1 AND 10),
  opens_at             timestamptz NOT NULL,
  closes_at            timestamptz NOT NULL,
  created_by           uuid NOT NULL REFERENCES users (id),
  created_at           timestamptz NOT NULL,
  -- When members were told it opened, and that its results are published (after close); null: not yet.
  opened_notified_at   timestamptz,
  results_notified_at  timestamptz,
  CONSTRAINT surveys_window_in_order CHECK (opens_at < closes_at),
  CHECK (results_notified_at IS NULL OR opened_notified_at IS NOT NULL)
);
CREATE INDEX surveys_community_idx ON surveys (community_id, created_at DESC, id DESC);
CREATE INDEX surveys_to_notify_idx ON surveys (opens_at) WHERE results_notified_at IS NULL;
CREATE TRIGGER surveys_words BEFORE INSERT OR UPDATE ON surveys
  FOR EACH ROW EXECUTE FUNCTION reject_sensitive_text('title');

CREATE TABLE survey_responses (
  survey_id   uuid NOT NULL REFERENCES surveys (id),
  user_id     uuid NOT NULL REFERENCES users (id),
  scores      smallint[] NOT NULL CHECK (1 <= ALL (scores) AND 5 >= ALL (scores) AND array_position(scores, NULL) IS NULL),
  comment     text CHECK (char_length(comment) <= 500),
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (survey_id, user_id)
);
CREATE TRIGGER survey_responses_words BEFORE INSERT OR UPDATE ON survey_responses
  FOR EACH ROW EXECUTE FUNCTION reject_sensitive_text('comment');

-- Exactly one score per item of the survey (LS001 → 400).
CREATE FUNCTION survey_responses_check() RETURNS trigger AS $$
BEGIN
  IF cardinality(NEW.scores) <> (SELECT cardinality(items) FROM surveys WHERE id = NEW.survey_id) THEN
    RAISE EXCEPTION 'survey % takes one score per item', NEW.survey_id USING ERRCODE = 'LS001';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER survey_responses_check BEFORE INSERT OR UPDATE ON survey_responses
  FOR EACH ROW EXECUTE FUNCTION survey_responses_check();

-- 4. Staff's confirmations on a wish owner's behalf carried a rating the owner never gave (the confirm form
-- required one): cleared. A confirmation is the owner's when the 'confirmed' event's actor is the owner.
UPDATE wishes w SET rating = NULL
WHERE w.rating IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM wish_events e WHERE e.wish_id = w.id AND e.type = 'confirmed' AND e.actor_id = w.owner_id);
