-- A place in a waitlist is given under the slot's lock, and told from what was committed before it (issue #18).
--
-- Before, concurrent joins of one slot were told repeated positions (20 joins: 11 different ones) and the line's
-- order could differ from what they were told. `seq`, the order of the line, came from its default, drawn as the
-- INSERT began, before the trigger waited for the slot's lock; and the position was counted by the statement's
-- snapshot, also taken before that wait, so it missed every join committed in between.
--
-- Now the trigger draws `seq` once it holds the slot's lock, which the joins of one slot take in turn until they
-- commit: their order in the line is the order in which they got in. And the position is counted by a VOLATILE
-- function, which reads with a snapshot of its own taken when it runs, after the lock: it sees every join ahead
-- (committed, since each held the lock until then) and none behind (they wait for this one's lock).

CREATE OR REPLACE FUNCTION waitlist_before_insert() RETURNS trigger AS $$
DECLARE
  s slots%ROWTYPE;
  suspended_until timestamptz;
BEGIN
  PERFORM sweep_no_shows(NEW.user_id, NEW.created_at);
  SELECT * INTO s FROM slots WHERE id = NEW.slot_id FOR UPDATE;
  IF s.starts_at <= NEW.created_at THEN
    RAISE EXCEPTION 'slot % has started', s.id USING ERRCODE = 'LB002';
  END IF;
  IF NOT slot_on_sale(s) THEN
    RAISE EXCEPTION 'slot % is closed', s.id USING ERRCODE = 'LB003';
  END IF;
  IF EXISTS (SELECT 1 FROM bookings WHERE user_id = NEW.user_id AND slot_id = NEW.slot_id
             AND status IN ('booked', 'checked_in')) THEN
    RAISE EXCEPTION 'already booked' USING ERRCODE = 'LB005';
  END IF;
  IF EXISTS (SELECT 1 FROM waitlist_entries WHERE user_id = NEW.user_id AND slot_id = NEW.slot_id
             AND status = 'waiting') THEN
    RAISE EXCEPTION 'already waiting' USING ERRCODE = 'LB006';
  END IF;
  SELECT booking_suspended_until INTO suspended_until FROM users WHERE id = NEW.user_id;
  IF suspended_until > NEW.created_at THEN
    RAISE EXCEPTION 'booking suspended until %', suspended_until USING ERRCODE = 'LB001';
  END IF;
  IF s.capacity - s.booked >= NEW.party_size THEN
    RAISE EXCEPTION 'slot % has seats', s.id USING ERRCODE = 'LB004';
  END IF;
  -- Drawn under the slot's lock: after every join of this slot that got in before, before every one after.
  NEW.seq := nextval(pg_get_serial_sequence('waitlist_entries', 'seq'));
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

-- 1 + the entries waiting ahead in the slot's line, as committed now (VOLATILE: a snapshot of its own, not the
-- calling statement's).
CREATE FUNCTION waitlist_position(slot uuid, place bigint) RETURNS int AS $$
BEGIN
  RETURN 1 + (SELECT count(*) FROM waitlist_entries WHERE slot_id = slot AND status = 'waiting' AND seq < place);
END;
$$ LANGUAGE plpgsql VOLATILE;
