-- A team starting or stopping recruiting is a change the kiosks must hear of: logged like the
-- roster's rows, so the next pull's window moves and carries the boards (with the recruiting
-- teams) even when no entry was made at the office meanwhile.
CREATE TRIGGER team_recruiting_log_insert AFTER INSERT ON team_recruiting
BEGIN INSERT INTO change_log (topic, row_key) VALUES ('team_recruiting', NEW.team_id); END;
CREATE TRIGGER team_recruiting_log_delete AFTER DELETE ON team_recruiting
BEGIN INSERT INTO change_log (topic, row_key) VALUES ('team_recruiting', OLD.team_id); END;
