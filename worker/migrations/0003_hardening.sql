-- Which device sent each note text, and from which revision: a device's next edit of the note builds
-- on its previous text (shared/merge.ts, mergeNoteEdit). NULL for texts from before this migration.
ALTER TABLE note_revisions ADD COLUMN client_id TEXT;
ALTER TABLE note_revisions ADD COLUMN base_rev INTEGER;
CREATE INDEX note_revisions_sent ON note_revisions(team_id, note_id, client_id, base_rev);

-- Refusals are kept until the client says it recorded them (`settledThrough`), so a lost reply does not
-- lose a refusal: the next push or pull answers it again.
CREATE TABLE rejections (
  team_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  mutation_id INTEGER NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (team_id, client_id, mutation_id)
);

-- Invites get an id an admin can list and cancel them by (the code itself is only stored hashed).
ALTER TABLE invites ADD COLUMN id TEXT;
UPDATE invites SET id = lower(hex(randomblob(16))) WHERE id IS NULL;
CREATE UNIQUE INDEX invites_id ON invites(team_id, id);
