-- 住户认证 (issue #19): applications, decisions and what membership gates. Twelve new accounts chose 阳光社区 with
-- PATCH /api/me, voted, and three of them hid a dissenting comment by reporting it. From here on only verified members
-- decide, and only their reports hide a comment.

-- 1. Wrong door codes, one row each: a person may try DOOR_CODE_TRIES_PER_DAY (src/shared/memberships.ts) in a day.
-- An application names one household; a wrong code files it as pending like one without a code, so the answer says
-- nothing of whether the household exists. Trying again means leaving the pending application first, and one person
-- has one current membership (memberships_current_idx), so attempts by one person come one after another.
CREATE TABLE membership_code_attempts (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  community_id  uuid NOT NULL REFERENCES communities (id),
  created_at    timestamptz NOT NULL
);
CREATE INDEX membership_code_attempts_user_idx ON membership_code_attempts (user_id, created_at);

-- 2. Staff hear of a new application (0014's notify_staff); one verified at once by its door code waits for nobody.
CREATE FUNCTION memberships_notify_staff() RETURNS trigger AS $$
BEGIN
  PERFORM notify_staff(NEW.community_id, 'membership_application', '有新的住户认证申请',
    NEW.real_name || '申请认证为' || NEW.building || CASE WHEN NEW.unit = '' THEN '' ELSE ' ' || NEW.unit || '单元' END
      || ' ' || NEW.room || '的住户，请核实后审核。',
    'membership_application', NEW.id::text, NEW.applied_at, NEW.user_id);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER memberships_notify_staff AFTER INSERT ON memberships
  FOR EACH ROW WHEN (NEW.status = 'pending') EXECUTE FUNCTION memberships_notify_staff();

-- 3. Who ended a membership: the member who left, or the staff member who revoked it (with a reason).
ALTER TABLE memberships ADD COLUMN ended_by uuid REFERENCES users (id);

-- The applicant hears of every staff decision: approved, rejected (with the reason) and revoked (with the reason).
-- Leaving on one's own tells nobody.
CREATE FUNCTION memberships_notify() RETURNS trigger AS $$
BEGIN
  INSERT INTO notifications (user_id, kind, title, body, entity_type, entity_id, created_at)
  SELECT NEW.user_id, 'membership.' || m.kind, m.title, m.body, 'membership', NEW.id::text,
         COALESCE(NEW.ended_at, NEW.decided_at)
  FROM (VALUES
    ('verified', 'verified', '住户认证已通过', '您已是本社区的认证住户，现在可以发布心愿、参与议事和投票了。'),
    ('rejected', 'rejected', '住户认证未通过',
     '原因：' || COALESCE(NEW.reason, '') || '。修改后可以重新申请，如有疑问请联系社区工作人员。'),
    ('left', 'revoked', '住户认证已被取消',
     '原因：' || COALESCE(NEW.reason, '') || '。如有疑问请联系社区工作人员。')
  ) AS m (status, kind, title, body)
  WHERE m.status = NEW.status;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER memberships_notify AFTER UPDATE OF status ON memberships
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
                     AND (NEW.status <> 'left' OR NEW.ended_by IS DISTINCT FROM NEW.user_id))
  EXECUTE FUNCTION memberships_notify();

-- 4. Reports hide a comment only when three verified members of the topic's community made them. The service refuses
-- a report from anyone else (403 MEMBERSHIP_REQUIRED); this holds even for a report filed before, or by someone whose
-- membership ended since. report_count still counts every report, so staff see each in their queue.
CREATE OR REPLACE FUNCTION comment_reports_count() RETURNS trigger AS $$
DECLARE
  c topic_comments%ROWTYPE;
  by_members integer;
BEGIN
  UPDATE topic_comments
  SET report_count = report_count + 1, last_reported_at = greatest(last_reported_at, NEW.created_at)
  WHERE id = NEW.comment_id RETURNING * INTO c;
  IF c.report_count >= 3 AND NOT c.hidden AND NOT c.staff_decided THEN
    SELECT count(*) INTO by_members
    FROM comment_reports r
    JOIN topics t ON t.id = c.topic_id
    JOIN memberships m ON m.user_id = r.reporter_id AND m.community_id = t.community_id AND m.status = 'verified'
    WHERE r.comment_id = c.id;
    IF by_members >= 3 THEN
      UPDATE topic_comments SET hidden = true WHERE id = c.id;
      INSERT INTO topic_events (topic_id, actor_role, type, note, created_at)
      VALUES (c.topic_id, 'system', 'comment_hidden', '多位居民举报，评论已暂时隐藏，等待工作人员处理', NEW.created_at);
      INSERT INTO audit_log (actor_role, action, entity_type, entity_id, community_id, before, after, created_at)
      SELECT 'system', 'comment.hidden_by_reports', 'comment', c.id::text, t.community_id,
             jsonb_build_object('hidden', false),
             jsonb_build_object('hidden', true, 'reports', c.report_count, 'memberReports', by_members),
             NEW.created_at
      FROM topics t WHERE t.id = c.topic_id;
    END IF;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
