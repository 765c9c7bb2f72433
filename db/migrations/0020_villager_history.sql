-- A synced kiosk's copy of its villagers' recent entries as the office explains them (the rule's
-- title and evidence, the goods, the team), so Home can say why a score moved though the
-- kiosk's file holds only its own entries. Filled by pulls (PulledHistory), the newest few per
-- villager kept; unused in the office's own file.
CREATE TABLE villager_history (
  uuid          TEXT PRIMARY KEY CHECK (length(uuid) BETWEEN 1 AND 64),
  villager_id   INTEGER NOT NULL,
  kind          TEXT NOT NULL,
  score_delta   INTEGER NOT NULL,
  points_delta  INTEGER NOT NULL,
  at_ms         INTEGER NOT NULL,
  what          TEXT NOT NULL,
  evidence      TEXT NOT NULL,
  month         TEXT NOT NULL,
  minutes       INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX villager_history_villager ON villager_history(villager_id, at_ms);
