-- Photos of 问题反馈 (issue #20): a problem's report photos and its resolution photos are uploads (0016) attached to
-- it, as two kinds of owner: 'problem' (what the reporter saw) and 'problem_result' (what the handler or staff did),
-- both with the problem's id as owner_id. Whoever may see the problem may see both (src/server/features/uploads/owners.ts).
-- The CHECK is dropped and made again with every kind so far (0016 'wish', 0022 'budget_expense', 0023 'notice').
ALTER TABLE uploads DROP CONSTRAINT uploads_owner_type_check;
ALTER TABLE uploads ADD CONSTRAINT uploads_owner_type_check
  CHECK (owner_type IN ('wish', 'budget_expense', 'notice', 'problem', 'problem_result'));
