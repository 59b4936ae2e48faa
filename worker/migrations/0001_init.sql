-- Teams, members, credentials and synced records. Every key starts with team_id.
CREATE TABLE teams (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  -- The team's server order: every accepted change takes the next value.
  seq INTEGER NOT NULL DEFAULT 0,
  -- Tombstones at or below this seq may have been purged; older cursors must reset.
  tombstone_floor INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);

CREATE TABLE members (
  team_id TEXT NOT NULL REFERENCES teams(id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  email TEXT,
  role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
  created_at INTEGER NOT NULL,
  revoked_at INTEGER,
  PRIMARY KEY (team_id, id)
);
CREATE UNIQUE INDEX members_id ON members(id);

-- Bearer tokens, stored as SHA-256 hashes; the token itself is shown once.
CREATE TABLE tokens (
  hash TEXT PRIMARY KEY,
  team_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX tokens_member ON tokens(team_id, member_id);

-- Single-use, expiring invite codes, stored hashed.
CREATE TABLE invites (
  code_hash TEXT PRIMARY KEY,
  team_id TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  used_by TEXT
);

-- Per-client high-water mark of applied mutation ids (makes push idempotent).
CREATE TABLE clients (
  team_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  last_mutation_id INTEGER NOT NULL DEFAULT 0,
  last_seen_at INTEGER NOT NULL,
  PRIMARY KEY (team_id, client_id)
);

-- Latest state of every record (not an event log), stamped with the team seq of its last change.
CREATE TABLE records (
  team_id TEXT NOT NULL,
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  field_hlc TEXT NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  -- Member id for private notes: only that member ever receives the content.
  private_to TEXT,
  seq INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (team_id, id)
);
CREATE INDEX records_team_seq ON records(team_id, seq);

-- A statement that inserts 0 here fails the CHECK and so rolls back its whole batch:
-- the way a batch refuses to commit when what it read has changed underneath it.
CREATE TABLE write_guard (ok INTEGER NOT NULL CHECK (ok = 1));
