-- 代办, 楼道联系牌 and 党员报到 (DESIGN, "Membership and onboarding").

-- A resident without WeChat, registered by staff (代办): an account that can never sign in. Its openid lies in the
-- `proxy:` namespace, which no login produces (WeChat's openids are letters, digits, `_` and `-`; the demo login's
-- are `dev:`), and every sign-in statement also refuses a proxy account by this flag. Never a demo user, whom the
-- demo login signs in by id.
ALTER TABLE users ADD COLUMN proxy boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD CONSTRAINT users_proxy_openid CHECK (proxy = (openid LIKE 'proxy:%'));
ALTER TABLE users ADD CONSTRAINT users_proxy_not_demo CHECK (NOT (proxy AND is_demo));

-- Who registered a resident without WeChat, where, and the phone staff may call them on.
CREATE TABLE proxy_residents (
  user_id       uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  community_id  uuid NOT NULL REFERENCES communities (id),
  phone         text CHECK (phone ~ '^1[3-9][0-9]{9}$'),
  created_by    uuid NOT NULL REFERENCES users (id),
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX proxy_residents_community_idx ON proxy_residents (community_id, created_at DESC, user_id);

-- Who acted when staff posted a wish or booked a slot for a resident: the wish or booking is the resident's, the
-- staff member the one who did it (陈主任 代 李奶奶 发布).
ALTER TABLE wishes ADD COLUMN acted_by uuid REFERENCES users (id);
ALTER TABLE wish_events ADD COLUMN acted_by uuid REFERENCES users (id);
ALTER TABLE bookings ADD COLUMN acted_by uuid REFERENCES users (id);

-- 党员报到: whether the member wants to be on their building's 楼道联系牌. They may say so before staff confirm them;
-- `listed` follows it once confirmed (the CHECK of migration 0015 keeps a pending one off). A listed party member
-- is listed with a phone to call.
ALTER TABLE party_members ADD COLUMN wants_listed boolean NOT NULL DEFAULT false;
ALTER TABLE party_members ADD CONSTRAINT party_members_listed_phone CHECK (NOT wants_listed OR phone IS NOT NULL);
ALTER TABLE party_members ADD CONSTRAINT party_members_listed_wanted CHECK (NOT listed OR wants_listed);
