-- 问题反馈 closed loop (接诉即办, DESIGN "问题反馈 closed loop"): a verified member reports a problem; community staff
-- assign it to one of the community's organisations with a due time; a handler of that organisation accepts it (or
-- returns it with a reason) and resolves it; the reporter rates the result, and an unsatisfied rating reopens it.
-- Every change is one conditional statement with an event row; the events tell everyone concerned (trigger below).

CREATE TABLE problems (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id       uuid NOT NULL REFERENCES communities (id),
  reporter_id        uuid NOT NULL REFERENCES users (id),
  category           text NOT NULL CHECK (category IN ('environment', 'facilities', 'safety', 'parking', 'greenery',
                                                       'neighbour', 'property_service', 'other')),
  description        text NOT NULL CHECK (char_length(description) BETWEEN 5 AND 500),
  location           text CHECK (char_length(location) BETWEEN 1 AND 100),
  building_id        uuid,
  status             text NOT NULL DEFAULT 'submitted'
                     CHECK (status IN ('submitted', 'assigned', 'in_progress', 'resolved', 'reopened', 'closed')),
  -- The organisation it is (or, once returned or reopened, was last) assigned to, and the handler who accepted it.
  org_id             uuid,
  handler_id         uuid REFERENCES users (id),
  due_at             timestamptz,
  assigned_at        timestamptz,
  accepted_at        timestamptz,
  result             text CHECK (char_length(result) BETWEEN 2 AND 500),
  resolved_at        timestamptz,
  -- The reporter's latest rating: an unsatisfied one stays until a later rating replaces it. Null: never rated.
  satisfaction       text CHECK (satisfaction IN ('satisfied', 'basically_satisfied', 'unsatisfied')),
  rating_comment     text CHECK (char_length(rating_comment) <= 200),
  rated_at           timestamptz,
  closed_at          timestamptz,
  -- Escalated to the street: by staff with a reason, or by the hourly job once overdue (a flag, not a state).
  escalated_at       timestamptz,
  escalation_reason  text CHECK (char_length(escalation_reason) BETWEEN 2 AND 200),
  overdue_at         timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (building_id, community_id) REFERENCES buildings (id, community_id),
  FOREIGN KEY (org_id, community_id) REFERENCES orgs (id, community_id),
  CHECK (status NOT IN ('assigned', 'in_progress', 'resolved') OR (org_id IS NOT NULL AND due_at IS NOT NULL)),
  CHECK (status NOT IN ('in_progress', 'resolved') OR handler_id IS NOT NULL),
  CHECK (status NOT IN ('resolved', 'closed') OR (resolved_at IS NOT NULL AND result IS NOT NULL)),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
  CHECK ((escalated_at IS NULL) = (escalation_reason IS NULL))
);
CREATE INDEX problems_community_idx ON problems (community_id, created_at DESC);
CREATE INDEX problems_reporter_idx ON problems (reporter_id, created_at DESC);
CREATE INDEX problems_org_open_idx ON problems (org_id, due_at) WHERE status IN ('assigned', 'in_progress', 'reopened');
CREATE INDEX problems_open_due_idx ON problems (due_at) WHERE status IN ('submitted', 'assigned', 'in_progress', 'reopened');
CREATE INDEX problems_resolved_idx ON problems (resolved_at) WHERE status = 'resolved';

-- The timeline: who did what, when, with the reason or result they gave.
CREATE TABLE problem_events (
  id          bigserial PRIMARY KEY,
  problem_id  uuid NOT NULL REFERENCES problems (id),
  actor_id    uuid REFERENCES users (id),
  actor_role  text NOT NULL,
  type        text NOT NULL CHECK (type IN ('created', 'assigned', 'accepted', 'returned', 'resolved', 'rated',
                                            'reopened', 'escalated', 'overdue', 'auto_closed')),
  note        text CHECK (char_length(note) <= 500),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX problem_events_problem_idx ON problem_events (problem_id, id);

CREATE TRIGGER problems_words BEFORE INSERT OR UPDATE ON problems
  FOR EACH ROW EXECUTE FUNCTION reject_sensitive_text('description', 'location', 'result', 'rating_comment',
                                                      'escalation_reason');
CREATE TRIGGER problem_events_words BEFORE INSERT ON problem_events
  FOR EACH ROW WHEN (NEW.actor_id IS NOT NULL) EXECUTE FUNCTION reject_sensitive_text('note');

-- Who hears of a problem event, and what they read: the reporter, the organisation's handlers (or the one who
-- accepted it), the community's staff, the street's staff. The one who acted is never told of their own act.
CREATE FUNCTION problem_events_notify() RETURNS trigger AS $$
DECLARE
  p problems%ROWTYPE;
  quoted text;
BEGIN
  SELECT * INTO p FROM problems WHERE id = NEW.problem_id;
  quoted := '「' || left(p.description, 20) || CASE WHEN char_length(p.description) > 20 THEN '…' ELSE '' END || '」';
  INSERT INTO notifications (user_id, kind, title, body, entity_type, entity_id, created_at)
  SELECT DISTINCT ON (r.user_id) r.user_id, 'problem.' || NEW.type, m.title, m.body, 'problem', p.id::text,
         NEW.created_at
  FROM (VALUES
    (1, 'created', 'staff', '有新的问题反馈', quoted || '等待分派处理单位。'),
    (2, 'assigned', 'reporter', '问题已分派处理', quoted || '已交给处理单位办理，请留意进展。'),
    (3, 'assigned', 'org', '有新的问题待处理', quoted || '已分派给您的单位，请及时接单。'),
    (4, 'accepted', 'reporter', '问题正在处理', quoted || '已有工作人员接单处理。'),
    (5, 'returned', 'staff', '问题被退回', quoted || '被处理单位退回：' || COALESCE(NEW.note, '') || '。请重新分派。'),
    (6, 'resolved', 'reporter', '问题已办结，请评价', quoted || '已处理完毕，请查看结果并评价。'),
    (7, 'resolved', 'staff', '问题已办结', quoted || '已处理完毕，等待居民评价。'),
    (8, 'rated', 'handler', '居民已评价', quoted || '的处理结果已得到居民认可。谢谢您！'),
    (9, 'reopened', 'staff', '居民对处理结果不满意', quoted || '被居民退回：' || COALESCE(NEW.note, '') || '。请重新分派。'),
    (10, 'reopened', 'handler', '居民对处理结果不满意', quoted || '被居民退回，社区会重新安排办理。'),
    (11, 'escalated', 'street', '社区上报了问题', quoted || '已上报街道：' || COALESCE(NEW.note, '') || '。'),
    (12, 'overdue', 'street', '问题已超期', quoted || '超过办理时限仍未办结，已上报街道。'),
    (13, 'overdue', 'staff', '问题已超期', quoted || '超过办理时限仍未办结，已上报街道。'),
    (14, 'overdue', 'org', '问题已超期', quoted || '超过办理时限仍未办结，请尽快处理。'),
    (15, 'auto_closed', 'reporter', '问题已结案', quoted || '办结7天未评价，已自动结案。')
  ) AS m (priority, type, audience, title, body)
  JOIN LATERAL (
    SELECT p.reporter_id AS user_id WHERE m.audience = 'reporter'
    UNION ALL SELECT p.handler_id WHERE m.audience = 'handler'
    UNION ALL SELECT h.user_id FROM org_handlers h WHERE m.audience = 'org' AND h.org_id = p.org_id
    UNION ALL SELECT s.user_id FROM staff_assignments s WHERE m.audience = 'staff' AND s.community_id = p.community_id
    UNION ALL SELECT ss.user_id FROM street_staff ss JOIN communities c ON c.street_id = ss.street_id
              WHERE m.audience = 'street' AND c.id = p.community_id
  ) r ON true
  WHERE m.type = NEW.type AND r.user_id IS NOT NULL AND r.user_id IS DISTINCT FROM NEW.actor_id
  ORDER BY r.user_id, m.priority;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER problem_events_notify AFTER INSERT ON problem_events
  FOR EACH ROW EXECUTE FUNCTION problem_events_notify();
