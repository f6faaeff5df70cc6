-- A staff account's role follows its assignments, kept here so that it holds whatever writes them. Each change locks
-- the user's row before it looks at the assignments left, so two ended at once (or one ended while another is made)
-- are judged one after the other: the second looks only once the first has committed, and a person is never left
-- 'staff' with no community, nor 'resident' with one.
CREATE FUNCTION staff_assignments_role() RETURNS trigger AS $$
DECLARE
  person uuid := CASE WHEN TG_OP = 'INSERT' THEN NEW.user_id ELSE OLD.user_id END;
BEGIN
  PERFORM 1 FROM users WHERE id = person FOR UPDATE;
  IF TG_OP = 'INSERT' THEN
    UPDATE users SET role = 'staff', updated_at = now() WHERE id = person AND role = 'resident';
  ELSE
    UPDATE users SET role = 'resident', updated_at = now()
    WHERE id = person AND role = 'staff' AND NOT EXISTS (SELECT 1 FROM staff_assignments WHERE user_id = person);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER staff_assignments_role AFTER INSERT OR DELETE ON staff_assignments
  FOR EACH ROW EXECUTE FUNCTION staff_assignments_role();
