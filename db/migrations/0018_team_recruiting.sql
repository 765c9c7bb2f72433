-- Volunteer teams recruiting in a month (rc-office team recruit): the kiosk's welfare box names
-- them, so a villager below the threshold knows what to do next.
CREATE TABLE team_recruiting (
  team_id INTEGER NOT NULL REFERENCES volunteer_teams(id),
  month   TEXT NOT NULL CHECK (length(month) = 7),  -- "2026-11"
  PRIMARY KEY (team_id, month)
) WITHOUT ROWID;
