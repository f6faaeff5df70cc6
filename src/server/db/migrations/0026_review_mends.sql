-- Mends a code review found (docs/decisions.md "Review mends").

-- Who may vote is asked in ONE place: topic_voter answers 'membership' for every topic when the person is not a
-- verified member of its community (0020 let a topic of the whole community, one ballot each and no pass rule, ask
-- nothing, and the vote statement checked membership a second time). The ballots trigger asks it too, so no ballot
-- of a non-member can be written on any topic.
CREATE OR REPLACE FUNCTION topic_voter(community uuid, ballot_rule text, pass_rule text, buildings uuid[], person uuid,
                                       OUT household_id uuid, OUT refusal text) AS $$
  SELECT m.household_id,
         CASE
           WHEN m.household_id IS NULL THEN 'membership'
           WHEN buildings IS NOT NULL AND NOT h.building_id = ANY (buildings) THEN 'building'
           WHEN pass_rule <> 'none' AND m.relation <> 'owner' THEN 'owner'
         END
  FROM (SELECT 1) one
  LEFT JOIN memberships m ON m.user_id = person AND m.status = 'verified' AND m.community_id = community
  LEFT JOIN households h ON h.id = m.household_id
$$ LANGUAGE sql STABLE;

-- Staff alerts (0014) reach the street's staff too: street staff act as staff of every community of their street
-- (0015), so what waits for a community's staff waits for them. Someone who is both is told once.
CREATE OR REPLACE FUNCTION notify_staff(
  community uuid, what text, head text, line text, about_type text, about_id text, at timestamptz, actor uuid
) RETURNS void AS $$
BEGIN
  INSERT INTO notifications (user_id, kind, title, body, entity_type, entity_id, created_at)
  SELECT staff.user_id, 'staff.' || what, head, line, about_type, about_id, at
  FROM (
    SELECT s.user_id FROM staff_assignments s WHERE s.community_id = community
    UNION
    SELECT ss.user_id FROM street_staff ss JOIN communities c ON c.street_id = ss.street_id WHERE c.id = community
  ) staff
  JOIN users u ON u.id = staff.user_id AND u.deleted_at IS NULL
  WHERE staff.user_id IS DISTINCT FROM actor
  ON CONFLICT (user_id, kind, entity_id, created_at) WHERE kind LIKE 'staff.%' DO NOTHING;
END;
$$ LANGUAGE plpgsql;

-- 帮帮团 (issue #22): what the single claimer of a wish is told (0005), every member of its team is told: of the
-- confirmation and of a dispute (the live members), and of a lapse or a cancellation (the members whose claims it
-- ended). Each of those notifications gets its outbox row, so the subscribe message goes to each member where a
-- template is configured. The one who acted is still never told of their own act.
CREATE OR REPLACE FUNCTION wish_events_notify() RETURNS trigger AS $$
DECLARE
  w wishes%ROWTYPE;
  quoted text;
  team uuid[];
BEGIN
  SELECT * INTO w FROM wishes WHERE id = NEW.wish_id;
  quoted := '「' || w.title || '」';
  IF NEW.type IN ('confirmed', 'disputed', 'timed_out', 'cancelled') THEN
    -- AFTER triggers run once the whole statement has: its claims have ended by now.
    SELECT array_agg(DISTINCT k.volunteer_id) INTO team
    FROM wish_claims k
    WHERE k.wish_id = w.id
      AND CASE NEW.type
            WHEN 'disputed' THEN k.ended_at IS NULL
            WHEN 'confirmed' THEN k.end_reason = 'completed'
            ELSE k.end_reason = NEW.type
                 AND k.ended_at = (SELECT max(x.ended_at) FROM wish_claims x
                                   WHERE x.wish_id = w.id AND x.end_reason = NEW.type)
          END;
  END IF;
  INSERT INTO notifications (user_id, kind, title, body, entity_type, entity_id, created_at)
  SELECT u.user_id, 'wish.' || NEW.type, m.title, m.body, 'wish', w.id::text, NEW.created_at
  FROM (VALUES
    ('approved', 'owner', '心愿已通过审核', quoted || '已公开，等待志愿者认领。'),
    ('rejected', 'owner', '心愿未通过审核',
     quoted || '未通过审核：' || COALESCE(NEW.note, w.reject_reason, '') || '。修改后可以重新发布。'),
    ('claimed', 'owner', '心愿有人认领了', '志愿者已认领' || quoted || '，会尽快和您联系。'),
    ('released', 'owner', '志愿者放弃了认领', quoted || '已重新开放，等待其他志愿者认领。'),
    ('timed_out', 'owner', '认领超时，心愿重新开放', quoted || '已重新开放，等待其他志愿者认领。'),
    ('timed_out', 'team', '认领已超时', quoted || '超过时限没有完成，已重新开放给其他志愿者。'),
    ('fulfilled', 'owner', '志愿者说已经完成', '请确认' || quoted || '是否已经完成。'),
    ('confirmed', 'team', '居民已确认完成', quoted || '已确认完成，您的志愿时长已记录。谢谢您！'),
    ('disputed', 'team', '居民对完成情况有疑问', quoted || '的居民认为还没有完成，请和居民或社区工作人员沟通。'),
    ('cancelled', 'owner', '心愿已被取消', quoted || '已由社区工作人员取消。如有疑问请联系社区。'),
    ('cancelled', 'team', '认领的心愿已取消', quoted || '已被取消，不用再去办理了。谢谢您！'),
    ('expired', 'owner', '心愿已过期', quoted || '30天内没有志愿者认领，已自动结束。可以重新发布。')
  ) AS m (type, whom, title, body)
  CROSS JOIN LATERAL unnest(CASE WHEN m.whom = 'owner' THEN ARRAY[w.owner_id] ELSE team END) AS u (user_id)
  WHERE m.type = NEW.type AND u.user_id IS NOT NULL AND u.user_id IS DISTINCT FROM NEW.actor_id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
