-- Issue #18: staff hear of work when it arrives, and each community keeps sensitive words of its own.

-- 1. 消息 for staff. When something enters the staff's queue (a wish or a topic waiting for review, a volunteer
-- application, a comment reported or hidden by reports) or a resident disputes a wish's completion, every staff
-- member of its community gets a message, written by triggers in the statement that makes the event, so no request
-- that records one can forget to tell or tell without it. The outbox trigger (0006) turns each into a subscribe
-- message for the kinds WECHAT_TEMPLATES names. entity_type is the queue's kind, so a tap opens where it is dealt
-- with (pageOfEntity in src/routes.ts). The one who acted is not told of their own act.
--
-- Once per staff member and event: the triggers fire once per event row (reports count on the locked comment row),
-- and this index refuses a second copy whatever writes it.
CREATE UNIQUE INDEX notifications_staff_once ON notifications (user_id, kind, entity_id, created_at)
  WHERE kind LIKE 'staff.%';

CREATE FUNCTION notify_staff(
  community uuid, what text, head text, line text, about_type text, about_id text, at timestamptz, actor uuid
) RETURNS void AS $$
BEGIN
  INSERT INTO notifications (user_id, kind, title, body, entity_type, entity_id, created_at)
  SELECT s.user_id, 'staff.' || what, head, line, about_type, about_id, at
  FROM staff_assignments s JOIN users u ON u.id = s.user_id AND u.deleted_at IS NULL
  WHERE s.community_id = community AND s.user_id IS DISTINCT FROM actor
  ON CONFLICT (user_id, kind, entity_id, created_at) WHERE kind LIKE 'staff.%' DO NOTHING;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION wishes_notify_staff() RETURNS trigger AS $$
BEGIN
  PERFORM notify_staff(NEW.community_id, 'wish_review', '有心愿等待审核',
    '「' || NEW.title || '」等待审核，通过后志愿者才能看到。', 'wish_review', NEW.id::text, NEW.created_at, NEW.owner_id);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER wishes_notify_staff AFTER INSERT ON wishes
  FOR EACH ROW WHEN (NEW.status = 'pending_review') EXECUTE FUNCTION wishes_notify_staff();

CREATE FUNCTION wish_disputes_notify_staff() RETURNS trigger AS $$
DECLARE
  w wishes%ROWTYPE;
BEGIN
  SELECT * INTO w FROM wishes WHERE id = NEW.wish_id;
  PERFORM notify_staff(w.community_id, 'wish_disputed', '居民认为心愿还没有完成',
    '「' || w.title || '」：' || COALESCE(NEW.note, '') || '。请和居民、志愿者沟通。', 'wish', w.id::text,
    NEW.created_at, NEW.actor_id);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER wish_disputes_notify_staff AFTER INSERT ON wish_events
  FOR EACH ROW WHEN (NEW.type = 'disputed') EXECUTE FUNCTION wish_disputes_notify_staff();

CREATE FUNCTION topics_notify_staff() RETURNS trigger AS $$
BEGIN
  PERFORM notify_staff(NEW.community_id, 'topic_review', '有议题等待审核',
    '「' || NEW.title || '」等待审核，设置投票选项和时间后公开。', 'topic_review', NEW.id::text, NEW.created_at,
    NEW.author_id);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER topics_notify_staff AFTER INSERT ON topics
  FOR EACH ROW WHEN (NEW.status = 'pending_review') EXECUTE FUNCTION topics_notify_staff();

-- An application, or one filed again after a rejection (the upsert turns the row back to pending).
CREATE FUNCTION volunteers_notify_staff() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.status = 'pending' THEN
    RETURN NULL;
  END IF;
  PERFORM notify_staff(NEW.community_id, 'volunteer_application', '有新的志愿者申请',
    NEW.real_name || '申请成为志愿者，请核实后审核。', 'volunteer_application', NEW.user_id::text, NEW.applied_at,
    NEW.user_id);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER volunteers_notify_staff AFTER INSERT OR UPDATE OF status ON volunteers
  FOR EACH ROW WHEN (NEW.status = 'pending') EXECUTE FUNCTION volunteers_notify_staff();

-- A comment joins the queue with its first report, unless staff decided on it before; it is hidden by the third
-- (0004). Staff's own hiding sets staff_decided in the same statement, so it tells nobody.
CREATE FUNCTION topic_comments_notify_staff() RETURNS trigger AS $$
DECLARE
  t topics%ROWTYPE;
  quoted text := '「' || CASE WHEN char_length(NEW.body) > 30 THEN left(NEW.body, 30) || '…' ELSE NEW.body END || '」';
BEGIN
  SELECT * INTO t FROM topics WHERE id = NEW.topic_id;
  IF OLD.report_count = 0 THEN
    PERFORM notify_staff(t.community_id, 'reported_comment', '有评论被举报',
      '议题「' || t.title || '」下的评论' || quoted || '被居民举报，请查看后决定是否隐藏。', 'reported_comment',
      NEW.id::text, NEW.last_reported_at, NULL);
  END IF;
  IF NEW.hidden AND NOT OLD.hidden THEN
    PERFORM notify_staff(t.community_id, 'comment_hidden', '评论因多人举报已被隐藏',
      '议题「' || t.title || '」下的评论' || quoted || '已被多位居民举报而暂时隐藏，请决定保持隐藏或恢复显示。',
      'reported_comment', NEW.id::text, NEW.last_reported_at, NULL);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER topic_comments_notify_staff AFTER UPDATE OF report_count, hidden ON topic_comments
  FOR EACH ROW WHEN (NOT NEW.staff_decided AND ((OLD.report_count = 0 AND NEW.report_count > 0)
                                                OR (NEW.hidden AND NOT OLD.hidden)))
  EXECUTE FUNCTION topic_comments_notify_staff();

-- 2. Words of a community: its staff keep them (GET/PUT /api/communities/:id/words), and they apply to texts written
-- in that community only; the platform's list (sensitive_words, the admin's) applies everywhere.
CREATE TABLE community_words (
  community_id  uuid NOT NULL REFERENCES communities (id),
  word          text NOT NULL CHECK (char_length(word) BETWEEN 1 AND 20),
  folded        text GENERATED ALWAYS AS (fold_text(word)) STORED CHECK (folded <> ''),
  position      integer NOT NULL,
  PRIMARY KEY (community_id, folded)
);

-- Who changed a community's list last, and when; its row is locked by each save, so saves apply one after another.
CREATE TABLE community_word_lists (
  community_id  uuid PRIMARY KEY REFERENCES communities (id),
  updated_at    timestamptz NOT NULL,
  updated_by    uuid REFERENCES users (id)
);

-- Whether a text contains a word of the platform's list or of the community's (a NULL text does not).
CREATE FUNCTION has_sensitive_word(t text, community uuid) RETURNS boolean AS $$
  SELECT EXISTS (SELECT 1 FROM sensitive_words w WHERE strpos(f.text, w.folded) > 0)
      OR EXISTS (SELECT 1 FROM community_words w WHERE w.community_id = community AND strpos(f.text, w.folded) > 0)
  FROM (SELECT fold_text(t) AS text) f
$$ LANGUAGE sql STABLE;

-- The check of 0006, now with the words of the row's community: found from the row itself or from its wish, topic
-- or station, and only when there is a text to check. A table not named here is checked against the platform's list.
CREATE OR REPLACE FUNCTION reject_sensitive_text() RETURNS trigger AS $$
DECLARE
  new_row jsonb := to_jsonb(NEW);
  old_row jsonb := CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) END;
  col text;
  value text;
  community uuid;
  found boolean := false;
BEGIN
  FOREACH col IN ARRAY TG_ARGV LOOP
    value := new_row ->> col;
    CONTINUE WHEN value IS NULL OR (TG_OP = 'UPDATE' AND value IS NOT DISTINCT FROM old_row ->> col);
    IF NOT found THEN
      community := CASE
        WHEN TG_TABLE_NAME IN ('wishes', 'topics', 'stations') THEN (new_row ->> 'community_id')::uuid
        WHEN TG_TABLE_NAME = 'wish_events' THEN (SELECT community_id FROM wishes WHERE id = (new_row ->> 'wish_id')::uuid)
        WHEN TG_TABLE_NAME IN ('topic_comments', 'topic_options', 'topic_updates')
          THEN (SELECT community_id FROM topics WHERE id = (new_row ->> 'topic_id')::uuid)
        WHEN TG_TABLE_NAME IN ('station_services', 'station_closures')
          THEN (SELECT community_id FROM stations WHERE id = (new_row ->> 'station_id')::uuid)
      END;
      found := true;
    END IF;
    IF has_sensitive_word(value, community) THEN
      RAISE EXCEPTION '%.% contains a sensitive word', TG_TABLE_NAME, col USING ERRCODE = 'LM001';
    END IF;
  END LOOP;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

-- 3. The platform's list grows from the 10 words it shipped with to the categories the WeChat platform rules name:
-- insults and abuse, fraud, gambling, drugs and weapons, pornography, and banned organisations. Kept short and
-- unambiguous, so that what neighbours write about daily life (垃圾分类, 上门服务, 智障人士的照护) is never refused;
-- community staff add what their community needs. Added on every database, after the words already there; a word
-- the admin already has (in any spelling that folds the same) is not added twice.
INSERT INTO sensitive_words (word, position)
SELECT w.word, (SELECT COALESCE(max(position), 0) FROM sensitive_words) + w.n
FROM unnest(ARRAY[
  -- insults
  '傻逼', '傻B', '煞笔', '傻叉', '傻屌', '脑残', '白痴', '蠢货', '贱人', '婊子', '人渣', '畜生', '狗东西',
  '王八蛋', '混蛋', '滚蛋', '操你妈', '草你妈', '日你妈', '去你妈的', '狗日的', '死全家', '不得好死',
  -- fraud
  '刷单', '杀猪盘', '洗钱', '套现', '高利贷', '裸贷', '安全账户', '假证', '出售银行卡',
  -- gambling
  '赌场', '网赌', '赌球', '六合彩', '时时彩', '百家乐', '老虎机',
  -- drugs
  '冰毒', '海洛因', '摇头丸', '迷药',
  -- pornography
  '约炮', '一夜情', '援交', '卖淫', '嫖娼', '黄色网站',
  -- banned organisations
  '法轮功', '全能神'
]) WITH ORDINALITY AS w (word, n)
ON CONFLICT DO NOTHING;
