-- The red credit fund (红色信用基金), office only: money paid in and drawn for the quarterly
-- rewards, in fen (1 yuan = 100 fen) as 64-bit integers; the quarters paid; the credit stars
-- the council awarded. Rows are never changed or removed: a wrong deposit is answered by a
-- later movement, never by an edit.

-- Money in ('deposit') and out ('reward': one quarter's draw; 'withdrawal': money taken out
-- for another purpose, or a deposit entered wrongly taken back). amount_fen is always
-- positive; the kind gives the direction.
CREATE TABLE fund_movements (
  id         INTEGER PRIMARY KEY,
  kind       TEXT    NOT NULL CHECK (kind = 'deposit' OR kind = 'reward' OR kind = 'withdrawal'),
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  note       TEXT    NOT NULL DEFAULT '' CHECK (length(note) <= 200),
  quarter    TEXT    CHECK (quarter IS NULL OR length(quarter) = 6),
  at_ms      INTEGER NOT NULL,
  CHECK ((kind = 'reward') = (quarter IS NOT NULL))
);
CREATE TRIGGER fund_movements_no_update BEFORE UPDATE ON fund_movements
BEGIN SELECT RAISE(ABORT, 'fund movements are append-only'); END;
CREATE TRIGGER fund_movements_no_delete BEFORE DELETE ON fund_movements
BEGIN SELECT RAISE(ABORT, 'fund movements are append-only'); END;

-- One row per quarter paid ('2026Q4'): the quarter is paid once.
CREATE TABLE reward_quarters (
  quarter     TEXT    PRIMARY KEY CHECK (length(quarter) = 6),
  villagers   INTEGER NOT NULL CHECK (villagers >= 0),
  points      INTEGER NOT NULL CHECK (points >= 0),
  fen         INTEGER NOT NULL CHECK (fen >= 0),
  movement_id INTEGER REFERENCES fund_movements(id),
  paid_at_ms  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER reward_quarters_no_update BEFORE UPDATE ON reward_quarters
BEGIN SELECT RAISE(ABORT, 'paid quarters are append-only'); END;
CREATE TRIGGER reward_quarters_no_delete BEFORE DELETE ON reward_quarters
BEGIN SELECT RAISE(ABORT, 'paid quarters are append-only'); END;

-- The council's credit stars (信用之星): one row per year it decided, then one per villager.
CREATE TABLE credit_star_years (
  year       INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2999),
  awarded_at_ms INTEGER NOT NULL
);
CREATE TABLE credit_stars (
  year        INTEGER NOT NULL REFERENCES credit_star_years(year),
  villager_id INTEGER NOT NULL REFERENCES villagers(id),
  year_end_score INTEGER NOT NULL,
  PRIMARY KEY (year, villager_id)
) WITHOUT ROWID;
CREATE TRIGGER credit_star_years_no_update BEFORE UPDATE ON credit_star_years
BEGIN SELECT RAISE(ABORT, 'credit stars are append-only'); END;
CREATE TRIGGER credit_star_years_no_delete BEFORE DELETE ON credit_star_years
BEGIN SELECT RAISE(ABORT, 'credit stars are append-only'); END;
CREATE TRIGGER credit_stars_no_update BEFORE UPDATE ON credit_stars
BEGIN SELECT RAISE(ABORT, 'credit stars are append-only'); END;
CREATE TRIGGER credit_stars_no_delete BEFORE DELETE ON credit_stars
BEGIN SELECT RAISE(ABORT, 'credit stars are append-only'); END;
