-- Every note text the server accepted or set aside (conflicts, edits that raced a delete), in order.
CREATE TABLE note_revisions (
  team_id TEXT NOT NULL,
  note_id TEXT NOT NULL,
  n INTEGER NOT NULL,
  -- The body revision this text became; NULL for texts set aside.
  rev INTEGER,
  body TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('create', 'edit', 'merge', 'merge-input', 'conflict', 'after-delete')),
  author_id TEXT NOT NULL,
  author_name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (team_id, note_id, n)
);
CREATE INDEX note_revisions_rev ON note_revisions(team_id, note_id, rev);
