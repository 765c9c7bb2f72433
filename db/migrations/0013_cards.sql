-- Signed QR cards (sync/card_token.h). A QR card's row has uid "Q" + its serial zero-padded to
-- six digits and kind 'qr'; `serial` is that number, unique, given out in increasing order and
-- never reused (a revoked card keeps its row). `revoke_reason` says why a card was revoked
-- (lost, replaced, ...), set together with revoked_at_ms. Kiosks receive the rows through the
-- 'card' change-log topic as before; the reason stays at the office.
ALTER TABLE cards ADD COLUMN serial INTEGER CHECK (serial IS NULL OR serial > 0);
ALTER TABLE cards ADD COLUMN revoke_reason TEXT;
CREATE UNIQUE INDEX cards_serial ON cards(serial) WHERE serial IS NOT NULL;
