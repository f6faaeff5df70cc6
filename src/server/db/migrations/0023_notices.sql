-- 公开栏 (DESIGN "居务公开, 满意度 and the street's view", issue #21): staff of a community publish notices of four
-- kinds with attachments (photos and PDFs). A published notice is never changed or removed: a correction is a new
-- notice that supersedes it, once, in the same community, and both stay. A notice may carry a window (公示期) in which
-- verified members object; staff reply once to each objection; both are public. Reads are counted once per person.

CREATE TABLE notices (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id      uuid NOT NULL REFERENCES communities (id),
  kind              text NOT NULL CHECK (kind IN ('notice', 'affairs', 'finance', 'result')),
  title             text NOT NULL CHECK (char_length(title) BETWEEN 2 AND 60),
  body              text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 5000),
  objections_until  timestamptz,
  supersedes_id     uuid,
  author_id         uuid NOT NULL REFERENCES users (id),
  created_at        timestamptz NOT NULL,
  UNIQUE (id, community_id),
  -- A notice is corrected at most once: two corrections sent at once, one is kept.
  CONSTRAINT notices_superseded_once UNIQUE (supersedes_id),
  -- A correction corrects a notice of its own community.
  CONSTRAINT notices_supersedes_same_community FOREIGN KEY (supersedes_id, community_id)
    REFERENCES notices (id, community_id),
  CHECK (objections_until IS NULL OR objections_until > created_at)
);
CREATE INDEX notices_community_idx ON notices (community_id, created_at DESC, id DESC);
CREATE INDEX notices_community_kind_idx ON notices (community_id, kind, created_at DESC, id DESC);

-- Published is final: no column of a notice changes and no notice is deleted, whoever sends the statement.
CREATE FUNCTION notices_immutable() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'notice % is published and cannot be changed; publish a correction instead', OLD.id
    USING ERRCODE = 'LN001';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER notices_immutable BEFORE UPDATE OR DELETE ON notices
  FOR EACH ROW EXECUTE FUNCTION notices_immutable();

CREATE TRIGGER notices_words BEFORE INSERT ON notices
  FOR EACH ROW EXECUTE FUNCTION reject_sensitive_text('title', 'body');

CREATE TABLE notice_reads (
  notice_id  uuid NOT NULL REFERENCES notices (id),
  user_id    uuid NOT NULL REFERENCES users (id),
  read_at    timestamptz NOT NULL,
  PRIMARY KEY (notice_id, user_id)
);

CREATE TABLE notice_objections (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  notice_id   uuid NOT NULL REFERENCES notices (id),
  author_id   uuid NOT NULL REFERENCES users (id),
  body        text NOT NULL CHECK (char_length(body) BETWEEN 2 AND 500),
  created_at  timestamptz NOT NULL
);
CREATE INDEX notice_objections_notice_idx ON notice_objections (notice_id, created_at, id);
CREATE TRIGGER notice_objections_words BEFORE INSERT ON notice_objections
  FOR EACH ROW EXECUTE FUNCTION reject_sensitive_text('body');

-- One reply per objection: its key is the objection's.
CREATE TABLE notice_objection_replies (
  objection_id  uuid PRIMARY KEY REFERENCES notice_objections (id),
  author_id     uuid NOT NULL REFERENCES users (id),
  body          text NOT NULL CHECK (char_length(body) BETWEEN 2 AND 500),
  created_at    timestamptz NOT NULL
);
CREATE TRIGGER notice_objection_replies_words BEFORE INSERT ON notice_objection_replies
  FOR EACH ROW EXECUTE FUNCTION reject_sensitive_text('body');

-- Who hears: every verified member of the community of a new notice (its author never); the community's staff of a
-- new objection; the objector of the reply to theirs. In the transaction of the write itself.
CREATE FUNCTION notices_notify() RETURNS trigger AS $$
BEGIN
  INSERT INTO notifications (user_id, kind, title, body, entity_type, entity_id, created_at)
  SELECT m.user_id, 'notice.published',
         CASE WHEN NEW.supersedes_id IS NULL THEN '社区发布了新公告' ELSE '社区更正了一则公告' END,
         '「' || NEW.title || '」已在公开栏发布，点开查看。', 'notice', NEW.id::text, NEW.created_at
  FROM memberships m
  WHERE m.community_id = NEW.community_id AND m.status = 'verified' AND m.user_id <> NEW.author_id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER notices_notify AFTER INSERT ON notices FOR EACH ROW EXECUTE FUNCTION notices_notify();

CREATE FUNCTION notice_objections_notify() RETURNS trigger AS $$
DECLARE
  n notices%ROWTYPE;
BEGIN
  SELECT * INTO n FROM notices WHERE id = NEW.notice_id;
  INSERT INTO notifications (user_id, kind, title, body, entity_type, entity_id, created_at)
  SELECT s.user_id, 'notice.objection', '公告收到居民意见', '「' || n.title || '」收到一条居民意见，请及时答复。',
         'notice', n.id::text, NEW.created_at
  FROM staff_assignments s WHERE s.community_id = n.community_id AND s.user_id <> NEW.author_id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER notice_objections_notify AFTER INSERT ON notice_objections
  FOR EACH ROW EXECUTE FUNCTION notice_objections_notify();

CREATE FUNCTION notice_objection_replies_notify() RETURNS trigger AS $$
BEGIN
  INSERT INTO notifications (user_id, kind, title, body, entity_type, entity_id, created_at)
  SELECT o.author_id, 'notice.objection_replied', '您的意见有了答复',
         '社区已答复您对「' || n.title || '」提出的意见，点开查看。', 'notice', n.id::text, NEW.created_at
  FROM notice_objections o JOIN notices n ON n.id = o.notice_id
  WHERE o.id = NEW.objection_id AND o.author_id <> NEW.author_id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER notice_objection_replies_notify AFTER INSERT ON notice_objection_replies
  FOR EACH ROW EXECUTE FUNCTION notice_objection_replies_notify();

-- Attachments of a notice are uploads (0016): photos, and PDFs, which have no width or height. This drops and re-adds
-- the CHECKs 0016 (content_type, owner_type) and 0022 (owner_type) made.
ALTER TABLE uploads DROP CONSTRAINT uploads_owner_type_check;
ALTER TABLE uploads ADD CONSTRAINT uploads_owner_type_check
  CHECK (owner_type IN ('wish', 'budget_expense', 'notice'));
ALTER TABLE uploads DROP CONSTRAINT uploads_content_type_check;
ALTER TABLE uploads ADD CONSTRAINT uploads_content_type_check
  CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp', 'application/pdf'));
ALTER TABLE uploads ALTER COLUMN width DROP NOT NULL;
ALTER TABLE uploads ALTER COLUMN height DROP NOT NULL;
ALTER TABLE uploads ADD CONSTRAINT uploads_image_has_size CHECK (
  CASE WHEN content_type = 'application/pdf' THEN width IS NULL AND height IS NULL
       ELSE width IS NOT NULL AND height IS NOT NULL END
);
