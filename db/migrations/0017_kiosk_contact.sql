-- Office: when each kiosk last reached the office (a signed push or pull the office accepted),
-- so the console can say "last synced 14:05, 3 minutes ago" and name a kiosk not seen for an
-- hour. Nonces are forgotten after the clock-skew window, so they cannot tell it.
ALTER TABLE kiosks ADD COLUMN last_contact_ms INTEGER;
