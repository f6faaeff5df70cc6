-- 工作台: the sensitive-word list in the database, checked by triggers in the statement that writes the text; and
-- the outbox of notifications that the sender delivers as WeChat subscribe messages.
--
-- Trigger error: LM001 CONTENT_REJECTED (→ 422), raised before anything is written.

-- Folds text so spacing, punctuation, width and case do not hide a word ("赌 博", "赌-博", "ＡＢ" → "赌博", "ab"):
-- NFKC, lower case, then every white space, punctuation and symbol character and the zero-width characters removed.
-- The same as foldForMatching (src/server/lib/moderation.ts), whose class [\s\p{P}\p{S}\u200b-\u200d\ufeff] is
-- spelled out below as code point ranges (PostgreSQL's regular expressions have no \p{…}); generated from Unicode 15
-- with the ranges bridged over code points that cannot occur after NFKC or are unassigned. A unit test compares the
-- two over every code point of the first two planes.
CREATE FUNCTION fold_text(t text) RETURNS text AS $$
  SELECT regexp_replace(lower(normalize(t, NFKC)), '[\u0009-\u000d\u0020-\u002f\u003a-\u0040\u005b-\u0060\u007b-\u007e\u00a1-\u00ac\u00ae-\u00bf\u00d7\u00f7\u02c2-\u02c5\u02d2-\u02eb\u02ed\u02ef-\u02ff\u0375\u03f6\u0482\u055a-\u055f\u0589-\u058f\u05be\u05c0\u05c3\u05c6\u05f3-\u05f4\u0606-\u060f\u061b\u061d-\u061f\u066a-\u066d\u06d4\u06de\u06e9\u06fd-\u06fe\u0700-\u070d\u07f6-\u07f9\u07fe-\u07ff\u0830-\u083e\u085e\u0888\u0964-\u0965\u0970\u09f2-\u09f3\u09fa-\u09fb\u09fd\u0a76\u0af0-\u0af1\u0b70\u0bf3-\u0bfa\u0c77\u0c7f\u0c84\u0d4f\u0d79\u0df4\u0e3f\u0e4f\u0e5a-\u0e5b\u0f01-\u0f17\u0f1a-\u0f1f\u0f34\u0f36\u0f38\u0f3a-\u0f3d\u0f85\u0fbe-\u0fc5\u0fc7-\u0fda\u104a-\u104f\u109e-\u109f\u10fb\u1360-\u1368\u1390-\u1399\u1400\u166d-\u166e\u1680\u169b-\u169c\u16eb-\u16ed\u1735-\u1736\u17d4-\u17d6\u17d8-\u17db\u1800-\u180a\u1940-\u1945\u19de-\u19ff\u1a1e-\u1a1f\u1aa0-\u1aa6\u1aa8-\u1aad\u1b4e-\u1b4f\u1b5a-\u1b6a\u1b74-\u1b7f\u1bfc-\u1bff\u1c3b-\u1c3f\u1c7e-\u1c7f\u1cc0-\u1cc7\u1cd3\u200b-\u200d\u2010-\u2029\u2030-\u205e\u20a0-\u20c1\u2104-\u212e\u213a-\u214d\u214f\u218a-\u244a\u2500-\u2775\u2794-\u2bff\u2ce5-\u2cea\u2cf9-\u2cfc\u2cfe-\u2cff\u2d70\u2e00-\u2e2e\u2e30-\u3004\u3008-\u3020\u3030\u3037\u303d-\u303f\u30a0\u30fb\u3190-\u3191\u31c0-\u31ef\u327f\u4dc0-\u4dff\ua490-\ua4c6\ua4fe-\ua4ff\ua60d-\ua60f\ua673\ua67e\ua6f2-\ua716\ua720-\ua721\ua789-\ua78a\ua828-\ua82b\ua836-\ua839\ua874-\ua877\ua8ce-\ua8cf\ua8f8-\ua8fa\ua8fc\ua92e-\ua92f\ua95f\ua9c1-\ua9cd\ua9de-\ua9df\uaa5c-\uaa5f\uaa77-\uaa79\uaade-\uaadf\uaaf0-\uaaf1\uab5b\uab6a-\uab6b\uabeb\ufbb2-\ufdff\ufe45-\ufe46\ufeff\ufffc-\ufffd\U00010100-\U00010102\U00010137-\U0001013f\U00010179-\U00010189\U0001018c-\U000101fc\U0001039f\U000103d0\U0001056f\U00010857\U00010877-\U00010878\U0001091f\U0001093f\U00010a50-\U00010a58\U00010a7f\U00010ac8\U00010af0-\U00010af6\U00010b39-\U00010b3f\U00010b99-\U00010b9c\U00010d6e\U00010d8e-\U00010d8f\U00010ead\U00010ed0-\U00010ed8\U00010f55-\U00010f59\U00010f86-\U00010f89\U00011047-\U0001104d\U000110bb-\U000110bc\U000110be-\U000110c1\U00011140-\U00011143\U00011174-\U00011175\U000111c5-\U000111c8\U000111cd\U000111db\U000111dd-\U000111df\U00011238-\U0001123d\U000112a9\U000113d4-\U000113d8\U0001144b-\U0001144f\U0001145a-\U0001145d\U000114c6\U000115c1-\U000115d7\U00011641-\U00011643\U00011660-\U0001166c\U000116b9\U0001173c-\U0001173f\U0001183b\U00011944-\U00011946\U000119e2\U00011a3f-\U00011a46\U00011a9a-\U00011a9c\U00011a9e-\U00011aa2\U00011b00-\U00011b09\U00011be1\U00011c41-\U00011c45\U00011c70-\U00011c71\U00011ef7-\U00011ef8\U00011f43-\U00011f4f\U00011fd5-\U00011fff\U00012470-\U00012474\U00012ff1-\U00012ff2\U00016a6e-\U00016a6f\U00016af5\U00016b37-\U00016b3f\U00016b44-\U00016b45\U00016d6d-\U00016d6f\U00016e97-\U00016e9a\U00016fe2\U0001bc9c\U0001bc9f\U0001cc00-\U0001cef0\U0001cf50-\U0001d15d\U0001d16a-\U0001d16c\U0001d183-\U0001d184\U0001d18c-\U0001d1a9\U0001d1ae-\U0001d241\U0001d245\U0001d300-\U0001d356\U0001d800-\U0001d9ff\U0001da37-\U0001da3a\U0001da6d-\U0001da74\U0001da76-\U0001da83\U0001da85-\U0001da8b\U0001e14f\U0001e2ff\U0001e5ff\U0001e95e-\U0001e95f\U0001ecac\U0001ecb0\U0001ed2e\U0001eef0-\U0001f0f5\U0001f10d-\U0001fbfa]', '', 'g')
$$ LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE;

-- The list admins edit (GET/PUT /api/admin/words). A word is kept as entered and matched by its folded form, so
-- "赌 博" and "赌博" are one word, and a word that folds to nothing (only punctuation) cannot match every text.
CREATE TABLE sensitive_words (
  word      text PRIMARY KEY CHECK (char_length(word) BETWEEN 1 AND 20),
  folded    text GENERATED ALWAYS AS (fold_text(word)) STORED UNIQUE CHECK (folded <> ''),
  position  integer NOT NULL
);

-- Who changed the list last, and when: one row.
CREATE TABLE sensitive_word_list (
  id          boolean PRIMARY KEY DEFAULT true CHECK (id),
  updated_at  timestamptz,
  updated_by  uuid REFERENCES users (id)
);
INSERT INTO sensitive_word_list (id) VALUES (true);

-- The starting list, the one the code held before.
INSERT INTO sensitive_words (word, position)
SELECT word, position::integer
FROM unnest(ARRAY['赌博', '博彩', '代开发票', '办假证', '枪支', '毒品', '色情', '诈骗', '传销', '裸聊'])
  WITH ORDINALITY AS w (word, position);

-- Whether a text contains a listed word (a NULL text does not).
CREATE FUNCTION has_sensitive_word(t text) RETURNS boolean AS $$
  SELECT EXISTS (SELECT 1 FROM sensitive_words w WHERE strpos(fold_text(t), w.folded) > 0)
$$ LANGUAGE sql STABLE;

-- BEFORE INSERT OR UPDATE on a table of user text; the arguments name its text columns. An UPDATE checks only the
-- columns it changes: a word added later does not block a status change of a row written before.
CREATE FUNCTION reject_sensitive_text() RETURNS trigger AS $$
DECLARE
  new_row jsonb := to_jsonb(NEW);
  old_row jsonb := CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) END;
  col text;
  value text;
BEGIN
  FOREACH col IN ARRAY TG_ARGV LOOP
    value := new_row ->> col;
    CONTINUE WHEN value IS NULL OR (TG_OP = 'UPDATE' AND value IS NOT DISTINCT FROM old_row ->> col);
    IF has_sensitive_word(value) THEN
      RAISE EXCEPTION '%.% contains a sensitive word', TG_TABLE_NAME, col USING ERRCODE = 'LM001';
    END IF;
  END LOOP;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER wishes_words BEFORE INSERT OR UPDATE ON wishes
  FOR EACH ROW EXECUTE FUNCTION reject_sensitive_text('title', 'description', 'address', 'reject_reason', 'fulfil_note', 'thanks');
-- Reasons and notes people write on a wish's timeline; the system's own notes (timeouts) are not checked.
CREATE TRIGGER wish_events_words BEFORE INSERT ON wish_events
  FOR EACH ROW WHEN (NEW.actor_id IS NOT NULL) EXECUTE FUNCTION reject_sensitive_text('note');
CREATE TRIGGER stations_words BEFORE INSERT OR UPDATE ON stations
  FOR EACH ROW EXECUTE FUNCTION reject_sensitive_text('name', 'address', 'intro');
CREATE TRIGGER station_services_words BEFORE INSERT OR UPDATE ON station_services
  FOR EACH ROW EXECUTE FUNCTION reject_sensitive_text('name');
CREATE TRIGGER station_closures_words BEFORE INSERT OR UPDATE ON station_closures
  FOR EACH ROW EXECUTE FUNCTION reject_sensitive_text('reason');
CREATE TRIGGER topics_words BEFORE INSERT OR UPDATE ON topics
  FOR EACH ROW EXECUTE FUNCTION reject_sensitive_text('title', 'body', 'outcome_summary');
CREATE TRIGGER topic_options_words BEFORE INSERT OR UPDATE ON topic_options
  FOR EACH ROW EXECUTE FUNCTION reject_sensitive_text('label');
CREATE TRIGGER topic_comments_words BEFORE INSERT OR UPDATE ON topic_comments
  FOR EACH ROW EXECUTE FUNCTION reject_sensitive_text('body');
CREATE TRIGGER topic_updates_words BEFORE INSERT OR UPDATE ON topic_updates
  FOR EACH ROW EXECUTE FUNCTION reject_sensitive_text('note');

-- The outbox: every notification, in the transaction that writes it, becomes a subscribe message to deliver.
--   pending → sent | refused (WeChat 43101: the user has not accepted this template) | failed (5 tries) | skipped
--   (no real openid, e.g. demo users; no template configured for the kind; WeChat not configured).
-- A sender claims due rows by moving next_attempt_at past a lease, in one statement with FOR UPDATE SKIP LOCKED, so
-- two senders never take the same row; attempts counts the tries, last_error keeps why the last one failed.
CREATE TABLE notification_outbox (
  notification_id  uuid PRIMARY KEY REFERENCES notifications (id) ON DELETE CASCADE,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'refused', 'failed', 'skipped')),
  attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at  timestamptz NOT NULL,
  last_error       text,
  sent_at          timestamptz,
  CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX notification_outbox_due_idx ON notification_outbox (next_attempt_at) WHERE status = 'pending';

CREATE FUNCTION notifications_outbox() RETURNS trigger AS $$
BEGIN
  INSERT INTO notification_outbox (notification_id, next_attempt_at) SELECT id, created_at FROM new_rows;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER notifications_outbox AFTER INSERT ON notifications
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notifications_outbox();

-- The reminder the day before a booking: written once per booking (the hourly cron may find it many times).
CREATE UNIQUE INDEX notifications_booking_reminder_once ON notifications (entity_id) WHERE kind = 'booking.reminder';
CREATE INDEX slots_starts_idx ON slots (starts_at);
