-- Store-and-forward sync between kiosks and the office (docs/sync-protocol.md).
-- Both files carry every table; each side uses its own half.

-- Office: enrolled kiosks (Ed25519 public keys; the secret stays on the kiosk).
CREATE TABLE kiosks (
  id             TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  public_key     BLOB NOT NULL CHECK (length(public_key) = 32),
  enrolled_at_ms INTEGER NOT NULL,
  revoked_at_ms  INTEGER
) WITHOUT ROWID;

-- Office: nonces seen inside the clock-skew window, so a captured request cannot be replayed.
CREATE TABLE kiosk_nonces (
  kiosk_id TEXT NOT NULL,
  nonce    TEXT NOT NULL,
  at_ms    INTEGER NOT NULL,
  PRIMARY KEY (kiosk_id, nonce)
) WITHOUT ROWID;
CREATE INDEX kiosk_nonces_time ON kiosk_nonces(at_ms);

-- Office: what a merged kiosk entry broke (an overdraft from two kiosks offline at once, a
-- shelf that ran out). The entry itself is always recorded; this is the staff's to-do list.
CREATE TABLE reconciliation (
  entry_seq    INTEGER NOT NULL REFERENCES entries(seq),
  problem      TEXT NOT NULL CHECK (problem IN ('overdraft', 'stock', 'unknown_product')),
  villager_id  INTEGER NOT NULL REFERENCES villagers(id),
  kiosk_id     TEXT NOT NULL,
  points_after INTEGER NOT NULL,
  note         TEXT NOT NULL DEFAULT '',
  noted_at_ms  INTEGER NOT NULL,
  PRIMARY KEY (entry_seq, problem)
) WITHOUT ROWID;

-- Office: a change log for the pull cursor. Balances need none: the entries are their log.
CREATE TABLE change_log (
  id      INTEGER PRIMARY KEY,
  topic   TEXT NOT NULL,
  row_key TEXT NOT NULL
);
CREATE TRIGGER grids_log_insert AFTER INSERT ON grids
BEGIN INSERT INTO change_log (topic, row_key) VALUES ('grid', NEW.id); END;
CREATE TRIGGER grids_log_update AFTER UPDATE ON grids
BEGIN INSERT INTO change_log (topic, row_key) VALUES ('grid', NEW.id); END;
CREATE TRIGGER households_log_insert AFTER INSERT ON households
BEGIN INSERT INTO change_log (topic, row_key) VALUES ('household', NEW.id); END;
CREATE TRIGGER households_log_update AFTER UPDATE ON households
BEGIN INSERT INTO change_log (topic, row_key) VALUES ('household', NEW.id); END;
CREATE TRIGGER villagers_log_insert AFTER INSERT ON villagers
BEGIN INSERT INTO change_log (topic, row_key) VALUES ('villager', NEW.id); END;
CREATE TRIGGER villagers_log_update AFTER UPDATE ON villagers
BEGIN INSERT INTO change_log (topic, row_key) VALUES ('villager', NEW.id); END;
CREATE TRIGGER cards_log_insert AFTER INSERT ON cards
BEGIN INSERT INTO change_log (topic, row_key) VALUES ('card', NEW.uid); END;
CREATE TRIGGER cards_log_update AFTER UPDATE ON cards
BEGIN INSERT INTO change_log (topic, row_key) VALUES ('card', NEW.uid); END;
CREATE TRIGGER products_log_insert AFTER INSERT ON products
BEGIN INSERT INTO change_log (topic, row_key) VALUES ('product', NEW.id); END;
CREATE TRIGGER products_log_update AFTER UPDATE ON products
BEGIN INSERT INTO change_log (topic, row_key) VALUES ('product', NEW.id); END;
CREATE TRIGGER stations_log_insert AFTER INSERT ON stations
BEGIN INSERT INTO change_log (topic, row_key) VALUES ('station', NEW.id); END;
CREATE TRIGGER slots_log_insert AFTER INSERT ON slots
BEGIN INSERT INTO change_log (topic, row_key) VALUES ('slot', NEW.id); END;
CREATE TRIGGER slots_log_update AFTER UPDATE ON slots
BEGIN INSERT INTO change_log (topic, row_key) VALUES ('slot', NEW.id); END;

-- Kiosk: push acknowledgement and pull cursor ('acked_seq', 'pull_entries', 'pull_changes').
CREATE TABLE sync_state (
  key   TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;

-- Kiosk: the office's authoritative score and points, and how many of this kiosk's own
-- entries they already include (later ones are still on their way to the office).
CREATE TABLE office_balances (
  villager_id        INTEGER PRIMARY KEY,
  score              INTEGER NOT NULL,
  points             INTEGER NOT NULL,
  kiosk_seq_included INTEGER NOT NULL
);
