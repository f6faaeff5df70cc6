-- A claimed wish always leaves its owner and its volunteer a way to reach each other (issue #18).
--
-- The community's own phone is the last resort: the volunteer calls it when the owner left no number.
ALTER TABLE communities ADD COLUMN phone text CHECK (phone ~ '^[0-9-]{7,20}$');

-- A dispute ("还没有完成") gives the volunteer a fresh week, counted from the dispute. It used to overwrite
-- claimed_at, so 认领时间 showed the dispute's time; the claim time now stays what it was, and the week runs from
-- the later of the two.
ALTER TABLE wishes ADD COLUMN disputed_at timestamptz;
ALTER TABLE wishes ADD CHECK (disputed_at IS NULL OR status IN ('claimed', 'fulfilled', 'completed', 'cancelled'));
DROP INDEX wishes_overdue_claims_idx;
CREATE INDEX wishes_overdue_claims_idx ON wishes ((COALESCE(disputed_at, claimed_at))) WHERE status = 'claimed';

-- Wishes disputed before this migration: their live claim still holds the claim's time.
UPDATE wishes w SET disputed_at = w.claimed_at, claimed_at = k.claimed_at
FROM wish_claims k
WHERE k.wish_id = w.id AND k.ended_at IS NULL AND k.claimed_at < w.claimed_at;

-- A disputed wish's fulfilment note is no longer its current state (the timeline keeps it).
UPDATE wishes SET fulfil_note = NULL WHERE status = 'claimed' AND fulfil_note IS NOT NULL;
