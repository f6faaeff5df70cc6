-- Uploaded photos (src/server/features/uploads). The bytes live in the object store under `storage_key`; this row says
-- what they are, who sent them and what they are attached to, which decides who may see them.
--
-- An upload is attached to at most one thing, named by its type and id (`owner_type`, `owner_id`): a wish now; a
-- problem, a notice, a budget expense later, each adding its type to the CHECK below and its access rule to
-- src/server/features/uploads/owners.ts. Attaching is one conditional UPDATE (the uploader's own, not yet attached),
-- so an upload never ends up on two things. Uploads attached to nothing are deleted after a day by the hourly job.
CREATE TABLE uploads (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  uploader_id  uuid NOT NULL REFERENCES users (id),
  storage_key  text NOT NULL UNIQUE,
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  byte_size    integer NOT NULL CHECK (byte_size BETWEEN 1 AND 5242880),
  width        integer NOT NULL CHECK (width BETWEEN 1 AND 20000),
  height       integer NOT NULL CHECK (height BETWEEN 1 AND 20000),
  owner_type   text CHECK (owner_type IN ('wish')),
  owner_id     uuid,
  -- The order among the owner's photos, as the uploader chose them.
  position     smallint CHECK (position BETWEEN 0 AND 99),
  attached_at  timestamptz,
  created_at   timestamptz NOT NULL,
  CHECK ((owner_type IS NULL) = (owner_id IS NULL)),
  CHECK ((owner_type IS NULL) = (attached_at IS NULL)),
  CHECK ((owner_type IS NULL) = (position IS NULL))
);
CREATE INDEX uploads_owner_idx ON uploads (owner_type, owner_id, position) WHERE owner_type IS NOT NULL;
CREATE INDEX uploads_unattached_idx ON uploads (created_at) WHERE owner_type IS NULL;
CREATE INDEX uploads_uploader_idx ON uploads (uploader_id, created_at DESC);

-- A statement that attaches uploads calls this when fewer than it was given could be attached: ids that are not the
-- caller's own uploads, or that are already attached. The statement ends with all it wrote undone.
CREATE FUNCTION uploads_not_attachable() RETURNS boolean AS $$
BEGIN
  RAISE EXCEPTION 'an upload that is not the caller''s own unattached upload' USING ERRCODE = 'LU001';
END;
$$ LANGUAGE plpgsql VOLATILE;
