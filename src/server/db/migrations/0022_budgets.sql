-- 社区微实事 (issue #23): a participatory budget. Staff open a budget with its windows; verified members propose
-- projects; staff review them (feasible with staff's cost, or rejected with a reason); members vote for a set of
-- feasible projects that fits the amount; the winners are taken by votes while they fit; staff record each selected
-- project's spending and progress, in public.
--
-- Rules held here whatever statement writes the rows:
--   * the windows in order: proposals open < proposals close <= voting opens < voting closes (a CHECK);
--   * a ballot's key is its voter: the person, or on a per-household budget the caster's household (a trigger from
--     the caster's verified membership, as 0020 keys topic ballots); the primary key (budget, voter) makes it one row,
--     and an upsert on that key makes the latest ballot the household's one;
--   * which projects are selected is one function (budget_selection) that the results and the spending statements
--     both ask;
--   * spending is never edited: a correction is a new negative entry, and a project's running total (kept on the
--     proposal row, updated in the statement that adds the entry, so concurrent entries serialise on it) is never
--     below zero (a CHECK).
-- Trigger errors: LV001 MEMBERSHIP_REQUIRED (→ 403).

CREATE TABLE budgets (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id        uuid NOT NULL REFERENCES communities (id),
  title               text NOT NULL CHECK (char_length(title) BETWEEN 2 AND 60),
  -- In yuan.
  amount              bigint NOT NULL CHECK (amount > 0),
  proposals_open_at   timestamptz NOT NULL,
  proposals_close_at  timestamptz NOT NULL,
  voting_opens_at     timestamptz NOT NULL,
  voting_closes_at    timestamptz NOT NULL,
  ballot_rule         text NOT NULL DEFAULT 'per_resident' CHECK (ballot_rule IN ('per_resident', 'per_household')),
  created_by          uuid NOT NULL REFERENCES users (id),
  created_at          timestamptz NOT NULL,
  CONSTRAINT budgets_windows_in_order CHECK (proposals_open_at < proposals_close_at
    AND proposals_close_at <= voting_opens_at AND voting_opens_at < voting_closes_at)
);
CREATE INDEX budgets_community_idx ON budgets (community_id, created_at DESC, id DESC);

CREATE TABLE budget_proposals (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  budget_id       uuid NOT NULL REFERENCES budgets (id),
  -- The order proposals came in: the last tie-break of the selection.
  seq             bigint GENERATED ALWAYS AS IDENTITY,
  proposer_id     uuid NOT NULL REFERENCES users (id),
  title           text NOT NULL CHECK (char_length(title) BETWEEN 2 AND 60),
  description     text NOT NULL CHECK (char_length(description) BETWEEN 1 AND 2000),
  estimated_cost  bigint NOT NULL CHECK (estimated_cost > 0),
  status          text NOT NULL DEFAULT 'pending_review' CHECK (status IN ('pending_review', 'feasible', 'rejected')),
  -- The cost staff found feasible, in yuan: what ballots and the selection count.
  cost            bigint CHECK (cost > 0),
  reject_reason   text CHECK (char_length(reject_reason) <= 500),
  reviewed_by     uuid REFERENCES users (id),
  reviewed_at     timestamptz,
  -- What has been spent on it, the sum of its expenses.
  spent           bigint NOT NULL DEFAULT 0,
  created_at      timestamptz NOT NULL,
  CONSTRAINT budget_proposals_spent_not_negative CHECK (spent >= 0),
  CHECK ((status = 'feasible') = (cost IS NOT NULL)),
  CHECK ((status = 'rejected') = (reject_reason IS NOT NULL)),
  CHECK ((status = 'pending_review') = (reviewed_at IS NULL))
);
CREATE INDEX budget_proposals_budget_idx ON budget_proposals (budget_id, seq);

-- One ballot per voter: the person, or the household (per_household); user_id is whoever cast it last.
CREATE TABLE budget_ballots (
  budget_id     uuid NOT NULL REFERENCES budgets (id),
  voter_key     uuid NOT NULL,
  user_id       uuid NOT NULL REFERENCES users (id),
  household_id  uuid REFERENCES households (id),
  proposal_ids  uuid[] NOT NULL,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (budget_id, voter_key)
);
CREATE INDEX budget_ballots_user_idx ON budget_ballots (budget_id, user_id);

-- Keys the ballot by its voter from the caster's verified membership of the budget's community.
CREATE FUNCTION budget_ballots_key() RETURNS trigger AS $$
DECLARE
  b budgets%ROWTYPE;
  household uuid;
BEGIN
  SELECT * INTO b FROM budgets WHERE id = NEW.budget_id;
  SELECT m.household_id INTO household FROM memberships m
  WHERE m.user_id = NEW.user_id AND m.status = 'verified' AND m.community_id = b.community_id;
  IF household IS NULL THEN
    RAISE EXCEPTION 'user % is not a verified member of the community of budget %', NEW.user_id, b.id
      USING ERRCODE = 'LV001';
  END IF;
  NEW.household_id := household;
  NEW.voter_key := CASE WHEN b.ballot_rule = 'per_household' THEN household ELSE NEW.user_id END;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER budget_ballots_key BEFORE INSERT ON budget_ballots FOR EACH ROW EXECUTE FUNCTION budget_ballots_key();

-- Spending on a selected project: never edited; a correction is a new negative entry.
CREATE TABLE budget_expenses (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The order entries were made in (several may share a time).
  seq          bigint GENERATED ALWAYS AS IDENTITY,
  proposal_id  uuid NOT NULL REFERENCES budget_proposals (id),
  amount       bigint NOT NULL CHECK (amount <> 0),
  payee        text NOT NULL CHECK (char_length(payee) BETWEEN 1 AND 100),
  note         text NOT NULL CHECK (char_length(note) BETWEEN 1 AND 500),
  -- The project's running total after this entry.
  spent_after  bigint NOT NULL CHECK (spent_after >= 0),
  recorded_by  uuid NOT NULL REFERENCES users (id),
  created_at   timestamptz NOT NULL
);
CREATE INDEX budget_expenses_proposal_idx ON budget_expenses (proposal_id, seq);

CREATE TABLE budget_updates (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq          bigint GENERATED ALWAYS AS IDENTITY,
  proposal_id  uuid NOT NULL REFERENCES budget_proposals (id),
  progress     integer NOT NULL CHECK (progress BETWEEN 0 AND 100),
  note         text NOT NULL CHECK (char_length(note) BETWEEN 1 AND 500),
  author_id    uuid NOT NULL REFERENCES users (id),
  created_at   timestamptz NOT NULL
);
CREATE INDEX budget_updates_proposal_idx ON budget_updates (proposal_id, seq);

-- Receipts of an expense are uploads attached to it (0016).
ALTER TABLE uploads DROP CONSTRAINT uploads_owner_type_check;
ALTER TABLE uploads ADD CONSTRAINT uploads_owner_type_check CHECK (owner_type IN ('wish', 'budget_expense'));

-- The selection of a budget: its feasible proposals with a vote, by votes (most first; ties: lower cost, then the
-- earlier proposal), each taken while it fits in what is left of the amount. One row per feasible proposal: its
-- votes, its place in that order (rank), what was left when its turn came (left_before), and whether it was taken.
-- Proposals nobody voted for are never taken (rank NULL).
CREATE FUNCTION budget_selection(budget uuid)
  RETURNS TABLE (proposal_id uuid, votes integer, cost bigint, rank integer, left_before bigint, selected boolean) AS $$
  WITH RECURSIVE counted AS (
    SELECT p.id, p.cost, p.seq,
           (SELECT count(*)::int FROM budget_ballots bb WHERE bb.budget_id = p.budget_id AND p.id = ANY (bb.proposal_ids))
             AS votes
    FROM budget_proposals p
    WHERE p.budget_id = budget AND p.status = 'feasible'
  ), ordered AS (
    SELECT c.*, row_number() OVER (ORDER BY c.votes DESC, c.cost, c.seq)::int AS rn FROM counted c WHERE c.votes > 0
  ), walk AS (
    SELECT o.rn, o.id, o.cost, b.amount AS left_before, o.cost <= b.amount AS taken
    FROM ordered o, budgets b WHERE o.rn = 1 AND b.id = budget
    UNION ALL
    SELECT o.rn, o.id, o.cost,
           w.left_before - CASE WHEN w.taken THEN w.cost ELSE 0 END,
           o.cost <= w.left_before - CASE WHEN w.taken THEN w.cost ELSE 0 END
    FROM walk w JOIN ordered o ON o.rn = w.rn + 1
  )
  SELECT c.id, c.votes, c.cost, w.rn, w.left_before, COALESCE(w.taken, false)
  FROM counted c LEFT JOIN walk w ON w.id = c.id
$$ LANGUAGE sql STABLE;
