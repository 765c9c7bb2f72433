-- A villager who has moved away (迁出) stays in the roster, with their entries, but takes no
-- new council decisions, volunteer hours or rewards. The roster import sets it.
ALTER TABLE villagers ADD COLUMN moved_away INTEGER NOT NULL DEFAULT 0
  CHECK (moved_away = 0 OR moved_away = 1);
