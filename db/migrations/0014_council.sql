-- The monthly credit council (信用议事会议): each posted batch of decisions, the ledger entries
-- it wrote (one per line of its file), the grid collectors' logs that feed it, and the
-- volunteer sessions imported from the teams' hour sheets. The entries themselves stay in
-- `entries`, append-only; a reversed batch keeps its row, marked with when and why, and its
-- entries are voided by reversing entries.

CREATE TABLE council_batches (
  id              INTEGER PRIMARY KEY,
  month           TEXT NOT NULL CHECK (length(month) = 7),       -- "2026-11"
  approvers       TEXT NOT NULL CHECK (length(approvers) BETWEEN 1 AND 200),
  minutes_ref     TEXT NOT NULL CHECK (length(minutes_ref) BETWEEN 1 AND 200),
  source          TEXT NOT NULL CHECK (source IN ('file', 'logs')),
  posted_at_ms    INTEGER NOT NULL,
  line_count      INTEGER NOT NULL CHECK (line_count > 0),
  -- SHA-256 (hex) of the batch's lines (villager, rule, evidence), whatever the file's encoding.
  file_hash       TEXT NOT NULL CHECK (length(file_hash) = 64),
  reversed_at_ms  INTEGER,
  reversal_reason TEXT CHECK (reversal_reason IS NULL OR length(reversal_reason) BETWEEN 1 AND 200),
  CHECK ((reversed_at_ms IS NULL) = (reversal_reason IS NULL))
);
CREATE INDEX council_batches_month ON council_batches(month);
-- The same lines are posted once, unless the batch that holds them was reversed.
CREATE UNIQUE INDEX council_batches_live_hash ON council_batches(file_hash)
  WHERE reversed_at_ms IS NULL;

CREATE TABLE council_batch_entries (
  batch_id  INTEGER NOT NULL REFERENCES council_batches(id),
  line      INTEGER NOT NULL CHECK (line > 0),  -- the line of the file (or the log id)
  entry_seq INTEGER NOT NULL UNIQUE REFERENCES entries(seq),
  PRIMARY KEY (batch_id, line)
) WITHOUT ROWID;

CREATE TABLE grid_logs (
  id            INTEGER PRIMARY KEY,
  month         TEXT NOT NULL CHECK (length(month) = 7),
  grid_id       INTEGER NOT NULL REFERENCES grids(id),
  villager_id   INTEGER NOT NULL REFERENCES villagers(id),
  rule_code     TEXT NOT NULL CHECK (length(rule_code) BETWEEN 1 AND 32),
  evidence      TEXT NOT NULL CHECK (length(evidence) BETWEEN 1 AND 200),
  collector     TEXT NOT NULL DEFAULT '' CHECK (length(collector) <= 32),
  created_at_ms INTEGER NOT NULL,
  state         TEXT NOT NULL DEFAULT 'pending'
                CHECK (state = 'pending' OR state = 'posted' OR state = 'dropped'),
  batch_id      INTEGER REFERENCES council_batches(id),
  drop_reason   TEXT CHECK (drop_reason IS NULL OR length(drop_reason) BETWEEN 1 AND 200),
  CHECK ((state = 'posted') = (batch_id IS NOT NULL)),
  CHECK ((state = 'dropped') = (drop_reason IS NOT NULL))
);
CREATE INDEX grid_logs_month ON grid_logs(month, state);

-- One row per volunteer session imported: a team's session for a villager on a day counts once,
-- so importing the same sheet again changes nothing. entry_seq is NULL when the session earned
-- nothing under the policy (less than a full hour).
CREATE TABLE volunteer_sessions (
  team_id     INTEGER NOT NULL REFERENCES volunteer_teams(id),
  villager_id INTEGER NOT NULL REFERENCES villagers(id),
  day         TEXT NOT NULL CHECK (length(day) = 10),  -- "2026-11-03"
  minutes     INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 720),
  entry_seq   INTEGER UNIQUE REFERENCES entries(seq),
  imported_at_ms INTEGER NOT NULL,
  PRIMARY KEY (team_id, villager_id, day)
) WITHOUT ROWID;
