-- 驿站预约: stations, their services and weekly schedules, closures, slots, bookings and waitlists,
-- and the in-app notifications the booking loop writes.
--
-- Every rule that protects a resident is enforced here, whatever statement changes the rows:
--   * seats booked never exceed a slot's capacity (slots.booked, kept by the triggers, with a CHECK);
--   * one active booking per user per slot (a partial unique index);
--   * at most 3 upcoming bookings per user (users.upcoming_bookings, kept by the triggers, with a CHECK);
--   * a freed seat goes to the slot's waitlist in order, in the transaction that frees it.
-- The triggers lock the slot row first, so concurrent bookings of one slot are serialised there.
-- Times: slots are timestamptz; their days and the schedule's clock times are Asia/Shanghai.
--
-- Errors the triggers raise carry these SQLSTATEs, mapped to 409 codes by the service:
--   LB001 BOOKING_SUSPENDED · LB002 SLOT_STARTED · LB003 SLOT_CLOSED · LB004 SLOT_NOT_FULL
--   LB005 ALREADY_BOOKED · LB006 ALREADY_WAITLISTED · LB007 SLOT_FULL

ALTER TABLE users ADD COLUMN upcoming_bookings integer NOT NULL DEFAULT 0 CHECK (upcoming_bookings BETWEEN 0 AND 3);
-- Set when a third no-show within 30 days happens; booking is refused until then.
ALTER TABLE users ADD COLUMN booking_suspended_until timestamptz;

CREATE TABLE stations (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  community_id  uuid NOT NULL REFERENCES communities (id),
  name          text NOT NULL CHECK (char_length(name) BETWEEN 2 AND 40),
  address       text NOT NULL CHECK (char_length(address) BETWEEN 2 AND 100),
  lat           double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lng           double precision NOT NULL CHECK (lng BETWEEN -180 AND 180),
  phone         text CHECK (phone ~ '^[0-9-]{7,20}$'),
  intro         text NOT NULL DEFAULT '' CHECK (char_length(intro) <= 500),
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stations_community_idx ON stations (community_id, name);

CREATE TABLE station_services (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id             uuid NOT NULL REFERENCES stations (id),
  name                   text NOT NULL CHECK (char_length(name) BETWEEN 2 AND 30),
  slot_minutes           integer NOT NULL CHECK (slot_minutes BETWEEN 10 AND 240),
  capacity               integer NOT NULL CHECK (capacity BETWEEN 1 AND 200),
  booking_window_days    integer NOT NULL DEFAULT 7 CHECK (booking_window_days BETWEEN 1 AND 30),
  cancel_cutoff_minutes  integer NOT NULL DEFAULT 60 CHECK (cancel_cutoff_minutes BETWEEN 0 AND 1440),
  active                 boolean NOT NULL DEFAULT true,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX station_services_station_idx ON station_services (station_id, created_at);

-- The weekly schedule: on ISO weekday `weekday`, slots of slot_minutes fill [starts, ends) in Shanghai time.
CREATE TABLE service_schedules (
  service_id  uuid NOT NULL REFERENCES station_services (id) ON DELETE CASCADE,
  weekday     smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  starts      time NOT NULL,
  ends        time NOT NULL CHECK (ends > starts),
  PRIMARY KEY (service_id, weekday, starts)
);

CREATE TABLE station_closures (
  station_id  uuid NOT NULL REFERENCES stations (id),
  day         date NOT NULL,
  reason      text NOT NULL CHECK (char_length(reason) BETWEEN 2 AND 100),
  created_by  uuid NOT NULL REFERENCES users (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (station_id, day)
);

-- Created on demand from the schedule, one per service and start time.
CREATE TABLE slots (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_id  uuid NOT NULL REFERENCES station_services (id),
  starts_at   timestamptz NOT NULL,
  ends_at     timestamptz NOT NULL CHECK (ends_at > starts_at),
  capacity    integer NOT NULL CHECK (capacity BETWEEN 1 AND 200),
  -- Seats held by bookings in status booked or checked_in.
  booked      integer NOT NULL DEFAULT 0,
  -- Off sale: the station closed that day.
  closed      boolean NOT NULL DEFAULT false,
  CONSTRAINT slots_booked_within_capacity CHECK (booked BETWEEN 0 AND capacity),
  UNIQUE (service_id, starts_at)
);
CREATE INDEX slots_ends_idx ON slots (ends_at);

CREATE TABLE bookings (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slot_id         uuid NOT NULL REFERENCES slots (id),
  user_id         uuid NOT NULL REFERENCES users (id),
  party_size      smallint NOT NULL CHECK (party_size BETWEEN 1 AND 4),
  code            text NOT NULL CHECK (code ~ '^[0-9]{8}$'),
  status          text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'checked_in', 'cancelled', 'no_show')),
  from_waitlist   boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL,
  checked_in_at   timestamptz,
  checked_in_by   uuid REFERENCES users (id),
  cancelled_at    timestamptz,
  cancel_reason   text CHECK (cancel_reason IN ('user', 'closure')),
  -- When the slot ended without a check-in.
  no_show_at      timestamptz,
  CHECK ((status = 'checked_in') = (checked_in_at IS NOT NULL)),
  CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL AND cancel_reason IS NOT NULL)),
  CHECK ((status = 'no_show') = (no_show_at IS NOT NULL))
);
CREATE UNIQUE INDEX bookings_code_key ON bookings (code);
CREATE UNIQUE INDEX bookings_one_active_per_slot ON bookings (user_id, slot_id) WHERE status IN ('booked', 'checked_in');
CREATE INDEX bookings_user_idx ON bookings (user_id, created_at DESC);
CREATE INDEX bookings_slot_idx ON bookings (slot_id);
CREATE INDEX bookings_open_idx ON bookings (slot_id) WHERE status = 'booked';

CREATE TABLE waitlist_entries (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The order of the line: first come, first served.
  seq         bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  slot_id     uuid NOT NULL REFERENCES slots (id),
  user_id     uuid NOT NULL REFERENCES users (id),
  party_size  smallint NOT NULL CHECK (party_size BETWEEN 1 AND 4),
  status      text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'promoted', 'cancelled', 'lapsed')),
  booking_id  uuid REFERENCES bookings (id),
  created_at  timestamptz NOT NULL,
  ended_at    timestamptz,
  CHECK ((status = 'waiting') = (ended_at IS NULL))
);
CREATE UNIQUE INDEX waitlist_one_per_user ON waitlist_entries (slot_id, user_id) WHERE status = 'waiting';
CREATE INDEX waitlist_line_idx ON waitlist_entries (slot_id, seq) WHERE status = 'waiting';
CREATE INDEX waitlist_user_idx ON waitlist_entries (user_id) WHERE status = 'waiting';

-- The in-app inbox, written in the transaction of the event it tells about.
CREATE TABLE notifications (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id      uuid NOT NULL REFERENCES users (id),
  kind         text NOT NULL,
  title        text NOT NULL,
  body         text NOT NULL,
  entity_type  text,
  entity_id    text,
  created_at   timestamptz NOT NULL,
  read_at      timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC);

-- A fresh 8-digit check-in code; the unique index refuses the (one in a hundred million) repeat.
CREATE FUNCTION new_check_in_code() RETURNS text AS $$
  SELECT lpad(floor(random() * 100000000)::bigint::text, 8, '0')
$$ LANGUAGE sql VOLATILE;

-- "MM月DD日 HH:MM" of a slot start, for notification texts.
CREATE FUNCTION slot_label(at timestamptz) RETURNS text AS $$
  SELECT to_char(at AT TIME ZONE 'Asia/Shanghai', 'FMMM月FMDD日 HH24:MI')
$$ LANGUAGE sql STABLE;

-- The booker's past bookings that were never checked in become no-shows, so they stop counting as upcoming and a
-- suspension they earn applies to the booking or waitlist place being asked for now.
CREATE FUNCTION sweep_no_shows(booker uuid, at timestamptz) RETURNS void AS $$
  UPDATE bookings b SET status = 'no_show', no_show_at = sl.ends_at
  FROM slots sl
  WHERE b.user_id = booker AND b.status = 'booked' AND sl.id = b.slot_id AND sl.ends_at <= at
$$ LANGUAGE sql;

-- A slot is on sale while it is not closed, its service and station are active and the station is open that day.
CREATE FUNCTION slot_on_sale(s slots) RETURNS boolean AS $$
  SELECT NOT s.closed AND EXISTS (
    SELECT 1 FROM station_services sv JOIN stations st ON st.id = sv.station_id
    WHERE sv.id = s.service_id AND sv.active AND st.active
      AND NOT EXISTS (SELECT 1 FROM station_closures c
                      WHERE c.station_id = st.id AND c.day = (s.starts_at AT TIME ZONE 'Asia/Shanghai')::date))
$$ LANGUAGE sql STABLE;

-- Before a booking is written: no-shows are swept, then the slot row is locked and every rule is checked against its
-- current state. The booking's created_at is "now" for all of it.
CREATE FUNCTION bookings_before_insert() RETURNS trigger AS $$
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
  SELECT booking_suspended_until INTO suspended_until FROM users WHERE id = NEW.user_id;
  IF suspended_until > NEW.created_at THEN
    RAISE EXCEPTION 'booking suspended until %', suspended_until USING ERRCODE = 'LB001';
  END IF;
  IF s.booked + NEW.party_size > s.capacity THEN
    RAISE EXCEPTION 'slot % is full', s.id USING ERRCODE = 'LB007';
  END IF;
  UPDATE slots SET booked = booked + NEW.party_size WHERE id = NEW.slot_id;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER bookings_before_insert BEFORE INSERT ON bookings
  FOR EACH ROW EXECUTE FUNCTION bookings_before_insert();

-- A new booking counts as upcoming (the CHECK on users refuses a fourth) and ends the booker's wait for that slot.
CREATE FUNCTION bookings_after_insert() RETURNS trigger AS $$
BEGIN
  UPDATE users SET upcoming_bookings = upcoming_bookings + 1 WHERE id = NEW.user_id;
  UPDATE waitlist_entries SET status = 'cancelled', ended_at = NEW.created_at
  WHERE slot_id = NEW.slot_id AND user_id = NEW.user_id AND status = 'waiting';
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER bookings_after_insert AFTER INSERT ON bookings
  FOR EACH ROW EXECUTE FUNCTION bookings_after_insert();

-- Gives a slot's free seats to its waitlist, first in line first. Nobody is skipped for a smaller party: when the
-- first in line does not fit, the rest wait too. Someone who can no longer take the seat (suspended, at the limit,
-- already booked) leaves the line, told why, and the next is served. A slot off sale (closed, its service paused, its
-- station inactive) keeps its line as it is.
CREATE FUNCTION promote_waitlist(target uuid, at timestamptz) RETURNS void AS $$
DECLARE
  s slots%ROWTYPE;
  e waitlist_entries%ROWTYPE;
  booking uuid;
BEGIN
  FOR e IN SELECT * FROM waitlist_entries WHERE slot_id = target AND status = 'waiting' ORDER BY seq FOR UPDATE LOOP
    SELECT * INTO s FROM slots WHERE id = target;
    EXIT WHEN s.starts_at <= at OR NOT slot_on_sale(s) OR s.capacity - s.booked < e.party_size;
    BEGIN
      UPDATE waitlist_entries SET status = 'promoted', ended_at = at WHERE id = e.id;
      INSERT INTO bookings (slot_id, user_id, party_size, code, from_waitlist, created_at)
      VALUES (target, e.user_id, e.party_size, new_check_in_code(), true, at)
      RETURNING id INTO booking;
      UPDATE waitlist_entries SET booking_id = booking WHERE id = e.id;
      INSERT INTO notifications (user_id, kind, title, body, entity_type, entity_id, created_at)
      SELECT e.user_id, 'booking.promoted', '候补成功，已为您预约',
             format('%s %s（%s）有空位了，已为您预约%s人。请按时到场，不能来请提前取消。',
                    slot_label(s.starts_at), sv.name, st.name, e.party_size),
             'booking', booking::text, at
      FROM station_services sv JOIN stations st ON st.id = sv.station_id WHERE sv.id = s.service_id;
    EXCEPTION WHEN SQLSTATE 'LB001' OR SQLSTATE 'LB005' OR check_violation OR unique_violation THEN
      UPDATE waitlist_entries SET status = 'lapsed', ended_at = at WHERE id = e.id;
      INSERT INTO notifications (user_id, kind, title, body, entity_type, entity_id, created_at)
      VALUES (e.user_id, 'booking.waitlist_lapsed', '候补未能转为预约',
              format('%s 的时段有空位了，但您暂时不能预约（已有3个待使用的预约、预约已暂停或已预约过），已退出候补。',
                     slot_label(s.starts_at)),
              'slot', target::text, at);
    END;
  END LOOP;
END;
$$ LANGUAGE plpgsql;

-- Leaving status booked: no longer upcoming. Cancelled: the seats go back, and to the waitlist unless the station
-- closed. A no-show that is the third within 30 days suspends booking for 14 days from it.
CREATE FUNCTION bookings_after_status() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'booked' AND NEW.status <> 'booked' THEN
    UPDATE users SET upcoming_bookings = upcoming_bookings - 1 WHERE id = NEW.user_id;
  END IF;
  IF NEW.status = 'cancelled' AND OLD.status = 'booked' THEN
    UPDATE slots SET booked = booked - NEW.party_size WHERE id = NEW.slot_id;
    IF NEW.cancel_reason = 'user' THEN
      PERFORM promote_waitlist(NEW.slot_id, NEW.cancelled_at);
    END IF;
  END IF;
  IF NEW.status = 'no_show' AND OLD.status <> 'no_show' AND (
    SELECT count(*) FROM bookings b
    WHERE b.user_id = NEW.user_id AND b.status = 'no_show'
      AND b.no_show_at > NEW.no_show_at - interval '30 days' AND b.no_show_at <= NEW.no_show_at
  ) >= 3 THEN
    UPDATE users
    SET booking_suspended_until = GREATEST(COALESCE(booking_suspended_until, '-infinity'),
                                           NEW.no_show_at + interval '14 days')
    WHERE id = NEW.user_id;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER bookings_after_status AFTER UPDATE OF status ON bookings
  FOR EACH ROW EXECUTE FUNCTION bookings_after_status();

-- The booking state machine: a booking only ever leaves booked, once.
CREATE FUNCTION bookings_guard_transition() RETURNS trigger AS $$
BEGIN
  IF NEW.status <> OLD.status AND OLD.status <> 'booked' THEN
    RAISE EXCEPTION 'booking % cannot go from % to %', OLD.id, OLD.status, NEW.status USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER bookings_guard_transition BEFORE UPDATE OF status ON bookings
  FOR EACH ROW EXECUTE FUNCTION bookings_guard_transition();

-- Joining a waitlist: only for a slot still to come, on sale, and too full for the party; checked against the
-- locked slot row, so a seat freed at the same moment is never missed.
CREATE FUNCTION waitlist_before_insert() RETURNS trigger AS $$
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
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER waitlist_before_insert BEFORE INSERT ON waitlist_entries
  FOR EACH ROW EXECUTE FUNCTION waitlist_before_insert();

-- Seats added to a slot still to come (its service's capacity raised) go to its waitlist at once, at the time of
-- the service's change.
CREATE FUNCTION slots_after_resize() RETURNS trigger AS $$
BEGIN
  PERFORM promote_waitlist(NEW.id, (SELECT updated_at FROM station_services WHERE id = NEW.service_id));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER slots_after_resize AFTER UPDATE OF capacity ON slots
  FOR EACH ROW WHEN (NEW.capacity > OLD.capacity) EXECUTE FUNCTION slots_after_resize();

-- A slot taken off sale (its station closed that day): its bookings are cancelled and their holders told, its
-- waitlist ends. In a trigger, so it runs after the slot row is locked and sees every booking committed before.
-- The closure's created_at is the time of all of it.
CREATE FUNCTION slots_after_close() RETURNS trigger AS $$
DECLARE
  closure station_closures%ROWTYPE;
BEGIN
  SELECT cl.* INTO closure
  FROM station_closures cl JOIN station_services sv ON sv.station_id = cl.station_id
  WHERE sv.id = NEW.service_id AND cl.day = (NEW.starts_at AT TIME ZONE 'Asia/Shanghai')::date;

  WITH cancelled AS (
    UPDATE bookings SET status = 'cancelled', cancel_reason = 'closure', cancelled_at = closure.created_at
    WHERE slot_id = NEW.id AND status = 'booked'
    RETURNING id, user_id
  )
  INSERT INTO notifications (user_id, kind, title, body, entity_type, entity_id, created_at)
  SELECT c.user_id, 'booking.cancelled_by_closure', '驿站闭站，预约已取消',
         format('%s当天闭站（%s），您 %s 的%s预约已自动取消，给您带来不便，敬请谅解。',
                st.name, closure.reason, slot_label(NEW.starts_at), sv.name),
         'booking', c.id::text, closure.created_at
  FROM cancelled c
  JOIN station_services sv ON sv.id = NEW.service_id
  JOIN stations st ON st.id = sv.station_id;

  UPDATE waitlist_entries SET status = 'cancelled', ended_at = closure.created_at
  WHERE slot_id = NEW.id AND status = 'waiting';
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER slots_after_close AFTER UPDATE OF closed ON slots
  FOR EACH ROW WHEN (NEW.closed AND NOT OLD.closed) EXECUTE FUNCTION slots_after_close();
