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

