-- Kiosk: the month's public boards as the office last sent them over pull (a kiosk's file holds
-- only its own entries, so it cannot compute them). Replaced whole by each pull that carries
-- boards; the month and volunteer totals live in sync_state ('boards_month' as
-- core::YearMonth::index(), 'boards_volunteer_minutes', 'boards_volunteer_sessions').
CREATE TABLE office_boards (
  board       TEXT    NOT NULL CHECK (board IN ('party', 'commended', 'yellow_card')),
  position    INTEGER NOT NULL,
  villager_id INTEGER NOT NULL,
  name        TEXT    NOT NULL,
  score       INTEGER NOT NULL,
  rank        INTEGER NOT NULL,
  paired_name TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (board, position)
) WITHOUT ROWID;
