-- 消息: what happened to a person's wish or volunteer application reaches their inbox in the transaction of the
-- event itself, written by triggers on the event rows, so no code path that records an event can forget to tell.
-- (Bookings and topics write theirs in their own statements and triggers.)

CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

-- Who hears of a wish event, and what they read. The one who acted is never told of their own act.
CREATE FUNCTION wish_events_notify() RETURNS trigger AS $$
DECLARE
  w wishes%ROWTYPE;
  quoted text;
  former_claimer uuid;
BEGIN
  SELECT * INTO w FROM wishes WHERE id = NEW.wish_id;
  quoted := '「' || w.title || '」';
  IF NEW.type IN ('timed_out', 'cancelled') THEN
    SELECT volunteer_id INTO former_claimer FROM wish_claims
    WHERE wish_id = w.id AND end_reason = NEW.type ORDER BY ended_at DESC LIMIT 1;
  END IF;
  INSERT INTO notifications (user_id, kind, title, body, entity_type, entity_id, created_at)
  SELECT m.user_id, 'wish.' || NEW.type, m.title, m.body, 'wish', w.id::text, NEW.created_at
  FROM (VALUES
    ('approved', w.owner_id, '心愿已通过审核', quoted || '已公开，等待志愿者认领。'),
    ('rejected', w.owner_id, '心愿未通过审核',
     quoted || '未通过审核：' || COALESCE(NEW.note, w.reject_reason, '') || '。修改后可以重新发布。'),
    ('claimed', w.owner_id, '心愿有人认领了', '志愿者已认领' || quoted || '，会尽快和您联系。'),
    ('released', w.owner_id, '志愿者放弃了认领', quoted || '已重新开放，等待其他志愿者认领。'),
    ('timed_out', w.owner_id, '认领超时，心愿重新开放', quoted || '已重新开放，等待其他志愿者认领。'),
    ('timed_out', former_claimer, '认领已超时', quoted || '超过时限没有完成，已重新开放给其他志愿者。'),
    ('fulfilled', w.owner_id, '志愿者说已经完成', '请确认' || quoted || '是否已经完成。'),
    ('confirmed', w.claimer_id, '居民已确认完成', quoted || '已确认完成，您的志愿时长已记录。谢谢您！'),
    ('disputed', w.claimer_id, '居民对完成情况有疑问', quoted || '的居民认为还没有完成，请和居民或社区工作人员沟通。'),
    ('cancelled', w.owner_id, '心愿已被取消', quoted || '已由社区工作人员取消。如有疑问请联系社区。'),
    ('cancelled', former_claimer, '认领的心愿已取消', quoted || '已被取消，不用再去办理了。谢谢您！'),
    ('expired', w.owner_id, '心愿已过期', quoted || '30天内没有志愿者认领，已自动结束。可以重新发布。')
  ) AS m (type, user_id, title, body)
  WHERE m.type = NEW.type AND m.user_id IS NOT NULL AND m.user_id IS DISTINCT FROM NEW.actor_id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER wish_events_notify AFTER INSERT ON wish_events
  FOR EACH ROW EXECUTE FUNCTION wish_events_notify();

-- A decision on a volunteer application or standing reaches the volunteer.
CREATE FUNCTION volunteers_notify() RETURNS trigger AS $$
BEGIN
  INSERT INTO notifications (user_id, kind, title, body, entity_type, entity_id, created_at)
  SELECT NEW.user_id, 'volunteer.' || NEW.status, m.title, m.body, 'volunteer', NEW.user_id::text, NEW.decided_at
  FROM (VALUES
    ('active', '志愿者申请已通过', '欢迎加入志愿服务！现在可以在心愿墙认领心愿了。'),
    ('rejected', '志愿者申请未通过', '原因：' || COALESCE(NEW.reason, '') || '。如有疑问请联系社区工作人员。'),
    ('suspended', '志愿服务已暂停', '您的志愿服务已被社区暂停。如有疑问请联系社区工作人员。')
  ) AS m (status, title, body)
  WHERE m.status = NEW.status;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER volunteers_notify AFTER UPDATE OF status ON volunteers
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status AND NEW.decided_at IS NOT NULL)
  EXECUTE FUNCTION volunteers_notify();
