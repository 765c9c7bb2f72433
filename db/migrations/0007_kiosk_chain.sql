-- Trust between kiosks and the office (docs/sync-protocol.md "Chain continuity").
--
-- Office: the head of each kiosk's own hash chain as of the last entry the office holds from it
-- (the hash that entry has in the kiosk's file), so a push that does not extend it (a kiosk
-- file rolled back or edited) is refused; and the last such refusal, for `rc-office kiosks`.
ALTER TABLE kiosks ADD COLUMN head_hash BLOB CHECK (head_hash IS NULL OR length(head_hash) = 32);
ALTER TABLE kiosks ADD COLUMN chain_break_at_ms INTEGER;
ALTER TABLE kiosks ADD COLUMN chain_break TEXT;

-- Kiosk: the entry of its own file the office last acknowledged, with its hash. When the file
-- no longer holds that entry as it was, the file was rolled back or edited: out of service.
CREATE TABLE acked_head (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  seq  INTEGER NOT NULL CHECK (seq > 0),
  hash BLOB NOT NULL CHECK (length(hash) = 32)
);

-- Office: a redemption charged at other prices than the catalog's goes on the staff's list
-- ('price'). Widening a CHECK leaves every stored row valid, so only the schema text changes.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql,
  'CHECK (problem = ''overdraft'' OR problem = ''stock'' OR
    problem = ''unknown_product'')',
  'CHECK (problem = ''overdraft'' OR problem = ''stock'' OR
    problem = ''unknown_product'' OR problem = ''price'')')
WHERE type = 'table' AND name = 'reconciliation';
