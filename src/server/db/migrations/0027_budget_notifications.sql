-- 社区微实事 (issue #23), its messages: proposers hear of the review of their proposal, participants of a round
-- (its proposers and voters) hear when its results are out and when a selected project makes progress. Review and
-- progress are told by triggers, in the transaction of the event, so no statement that records one can forget; the
-- results have no event row (they are out when voting closes, by the clock), so the hourly cron writes them
-- (writeBudgetResults), once per person and round by the unique index below however often it runs.

-- Who took part in a round: whoever proposed a project in it or cast a ballot (on a per-household round, the member
-- who cast the household's ballot last).
CREATE FUNCTION budget_participants(budget uuid) RETURNS SETOF uuid AS $$
  SELECT proposer_id FROM budget_proposals WHERE budget_id = budget
  UNION
  SELECT user_id FROM budget_ballots WHERE budget_id = budget
$$ LANGUAGE sql STABLE;

-- The review of a proposal reaches its proposer, with staff's cost or the reason it was not accepted.
CREATE FUNCTION budget_proposals_review_notify() RETURNS trigger AS $$
BEGIN
  INSERT INTO notifications (user_id, kind, title, body, entity_type, entity_id, created_at)
  SELECT NEW.proposer_id,
         'budget.proposal_' || NEW.status,
         CASE NEW.status WHEN 'feasible' THEN '微实事项目通过审核' ELSE '微实事项目未通过审核' END,
         CASE NEW.status
           WHEN 'feasible' THEN '「' || NEW.title || '」通过了可行性审核，核定费用' || NEW.cost
                                || '元，投票开始后居民就可以选它了。'
           ELSE '「' || NEW.title || '」未通过可行性审核：' || NEW.reject_reason || '。'
         END,
         'budget_proposal', NEW.id::text, NEW.reviewed_at
  WHERE NEW.reviewed_by IS DISTINCT FROM NEW.proposer_id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER budget_proposals_review_notify AFTER UPDATE OF status ON budget_proposals
  FOR EACH ROW WHEN (OLD.status = 'pending_review' AND NEW.status <> 'pending_review')
  EXECUTE FUNCTION budget_proposals_review_notify();

-- A progress update of a selected project reaches the participants of its round, but not its author.
CREATE FUNCTION budget_updates_notify() RETURNS trigger AS $$
DECLARE
  p budget_proposals%ROWTYPE;
BEGIN
  SELECT * INTO p FROM budget_proposals WHERE id = NEW.proposal_id;
  INSERT INTO notifications (user_id, kind, title, body, entity_type, entity_id, created_at)
  SELECT who, 'budget.progress', '微实事项目有新进展',
         '「' || p.title || '」进度' || NEW.progress || '%：' || NEW.note, 'budget_proposal', p.id::text,
         NEW.created_at
  FROM budget_participants(p.budget_id) AS who
  WHERE who IS DISTINCT FROM NEW.author_id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER budget_updates_notify AFTER INSERT ON budget_updates
  FOR EACH ROW EXECUTE FUNCTION budget_updates_notify();

-- One results message per person and round.
CREATE UNIQUE INDEX notifications_budget_results_once ON notifications (user_id, entity_id)
  WHERE kind = 'budget.results';
