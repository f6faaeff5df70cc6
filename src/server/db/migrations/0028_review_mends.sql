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
