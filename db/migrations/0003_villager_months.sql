-- Each villager's score and points change per month (China Standard Time), kept by a trigger
-- in the same transaction as every entry, so a year of monthly boards for a whole town reads
-- 12 rows per villager instead of every entry. `verify` is unaffected: entries stay the truth.
CREATE TABLE villager_months (
  villager_id  INTEGER NOT NULL REFERENCES villagers(id),
  month        INTEGER NOT NULL,  -- year * 12 + (month - 1), as core::YearMonth::index()
  score_delta  INTEGER NOT NULL,
  points_delta INTEGER NOT NULL,
  entries      INTEGER NOT NULL,
  PRIMARY KEY (villager_id, month)
) WITHOUT ROWID;

INSERT INTO villager_months (villager_id, month, score_delta, points_delta, entries)
  SELECT villager_id,
         CAST(strftime('%Y', at_ms / 1000 + 28800, 'unixepoch') AS INTEGER) * 12 +
           CAST(strftime('%m', at_ms / 1000 + 28800, 'unixepoch') AS INTEGER) - 1 AS m,
         SUM(score_delta), SUM(points_delta), count(*)
  FROM entries GROUP BY villager_id, m;

CREATE TRIGGER entries_villager_month AFTER INSERT ON entries
BEGIN
  INSERT INTO villager_months (villager_id, month, score_delta, points_delta, entries)
  VALUES (NEW.villager_id,
          CAST(strftime('%Y', NEW.at_ms / 1000 + 28800, 'unixepoch') AS INTEGER) * 12 +
            CAST(strftime('%m', NEW.at_ms / 1000 + 28800, 'unixepoch') AS INTEGER) - 1,
          NEW.score_delta, NEW.points_delta, 1)
  ON CONFLICT (villager_id, month) DO UPDATE SET
    score_delta = score_delta + excluded.score_delta,
    points_delta = points_delta + excluded.points_delta,
    entries = entries + 1;
END;
