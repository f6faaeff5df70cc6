-- Who may vote on a community's topics: its accounts not deleted. Counting deleted accounts too made turnout look
-- lower than it was, and read the whole users table for every topic shown; the partial index users_community_idx
-- answers this on its own.
CREATE FUNCTION eligible_voters(community uuid) RETURNS integer AS $$
  SELECT count(*)::int FROM users WHERE community_id = community AND deleted_at IS NULL
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION topics_freeze_tally() RETURNS trigger AS $$
BEGIN
  UPDATE topic_options o
  SET final_count = (SELECT count(*) FROM ballots b WHERE b.topic_id = NEW.id AND o.id = ANY (b.option_ids))
  WHERE o.topic_id = NEW.id;
  UPDATE topics SET eligible_at_close = eligible_voters(NEW.community_id) WHERE id = NEW.id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
