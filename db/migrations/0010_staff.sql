-- The hub's staff (docs/staff.md): accounts with a card and a PIN, the kiosk's PIN lockouts,
-- staff stock movements (restock, stock count), and the numbered day close (日结).
-- Both files carry every table; each side uses its own half.

-- Office: staff accounts; a kiosk mirrors them from the pull (topic 'staff'). The PIN is kept
-- only as an Argon2id hash (libsodium crypto_pwhash_str); '' until `rc-office staff pin`.
CREATE TABLE staff (
  id          INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 32),
  card_uid    TEXT    NOT NULL UNIQUE CHECK (length(card_uid) BETWEEN 1 AND 64),
  role        TEXT    NOT NULL CHECK (role = 'keeper' OR role = 'secretary'),
  pin_hash    TEXT    NOT NULL DEFAULT '' CHECK (length(pin_hash) <= 256),
  disabled    INTEGER NOT NULL DEFAULT 0 CHECK (disabled = 0 OR disabled = 1),
  created_at_ms INTEGER NOT NULL,
  changed_at_ms INTEGER NOT NULL
);
CREATE TRIGGER staff_log_insert AFTER INSERT ON staff
BEGIN INSERT INTO change_log (topic, row_key) VALUES ('staff', NEW.id); END;
CREATE TRIGGER staff_log_update AFTER UPDATE ON staff
BEGIN INSERT INTO change_log (topic, row_key) VALUES ('staff', NEW.id); END;

-- Kiosk: wrong PINs per staff card, kept across restarts (core::PinLock). One row per card.
CREATE TABLE staff_pin_state (
  card_uid        TEXT    PRIMARY KEY,
  failures        INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
  locked_until_ms INTEGER NOT NULL DEFAULT 0,
  updated_at_ms   INTEGER NOT NULL
) WITHOUT ROWID;

-- Both: what staff did that the office must hear of besides entries: a card locked by wrong
-- PINs ('locked'). A kiosk pushes its rows (uuid) once; the office keeps what it received.
CREATE TABLE staff_events (
  uuid       TEXT    PRIMARY KEY CHECK (length(uuid) BETWEEN 1 AND 64),
  kiosk_id   TEXT    NOT NULL,
  kind       TEXT    NOT NULL CHECK (kind = 'locked'),
  staff_name TEXT    NOT NULL DEFAULT '',
  card_uid   TEXT    NOT NULL,
  failures   INTEGER NOT NULL DEFAULT 0,
  until_ms   INTEGER NOT NULL DEFAULT 0,
  at_ms      INTEGER NOT NULL,
  acked      INTEGER NOT NULL DEFAULT 0 CHECK (acked = 0 OR acked = 1)
) WITHOUT ROWID;

-- Both: staff stock movements carry who made them and, from a kiosk, their own uuid so the
-- office applies each once; reason 'count' is a stock count's difference (note: why).
ALTER TABLE stock_movements ADD COLUMN uuid TEXT;
ALTER TABLE stock_movements ADD COLUMN kiosk_id TEXT NOT NULL DEFAULT '';
ALTER TABLE stock_movements ADD COLUMN staff_name TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX stock_movements_uuid ON stock_movements(uuid) WHERE uuid IS NOT NULL;
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql,
  'reason = ''redeem'' OR reason = ''void'')',
  'reason = ''redeem'' OR reason = ''void'' OR reason = ''count'')')
WHERE type = 'table' AND name = 'stock_movements';
PRAGMA writable_schema = OFF;

-- Kiosk: its staff stock movements the office has not yet acknowledged (by stock_movements.id).
CREATE TABLE stock_outbox (
  movement_id INTEGER PRIMARY KEY REFERENCES stock_movements(id)
);

-- Both: day closes (日结), numbered per kiosk (Z-0001 = number 1). Made on the kiosk over its
-- entries first_seq..last_seq (kiosk_seq; an empty day has last_seq = first_seq - 1); never
-- changed. `summary` is core::encodeDaySummary's text. A kiosk pushes each once (acked).
CREATE TABLE day_closes (
  kiosk_id     TEXT    NOT NULL CHECK (length(kiosk_id) BETWEEN 1 AND 64),
  number       INTEGER NOT NULL CHECK (number > 0),
  day          TEXT    NOT NULL CHECK (length(day) = 10),
  first_seq    INTEGER NOT NULL CHECK (first_seq > 0),
  last_seq     INTEGER NOT NULL CHECK (last_seq >= first_seq - 1),
  head_hash    BLOB    NOT NULL CHECK (length(head_hash) = 32),
  summary      TEXT    NOT NULL CHECK (length(summary) <= 20000),
  staff_name   TEXT    NOT NULL,
  closed_at_ms INTEGER NOT NULL,
  acked        INTEGER NOT NULL DEFAULT 0 CHECK (acked = 0 OR acked = 1),
  PRIMARY KEY (kiosk_id, number)
) WITHOUT ROWID;
CREATE INDEX day_closes_day ON day_closes(day);
CREATE TRIGGER day_closes_no_delete BEFORE DELETE ON day_closes
BEGIN SELECT RAISE(ABORT, 'a day close is never removed'); END;
CREATE TRIGGER day_closes_only_ack BEFORE UPDATE ON day_closes
WHEN NEW.kiosk_id IS NOT OLD.kiosk_id OR NEW.number IS NOT OLD.number OR NEW.day IS NOT OLD.day
  OR NEW.first_seq IS NOT OLD.first_seq OR NEW.last_seq IS NOT OLD.last_seq
  OR NEW.head_hash IS NOT OLD.head_hash OR NEW.summary IS NOT OLD.summary
  OR NEW.staff_name IS NOT OLD.staff_name OR NEW.closed_at_ms IS NOT OLD.closed_at_ms
BEGIN SELECT RAISE(ABORT, 'a day close is immutable once made'); END;

-- Office: a staff event, movement or day close a kiosk pushed that the office could not take
-- (an unknown product, a day close whose number was used with other figures): a line for the
-- staff beside the service hub's (rc-office overdrafts, rc-office reconcile).
CREATE TABLE staff_reconciliation (
  id          INTEGER PRIMARY KEY,
  problem     TEXT    NOT NULL CHECK (problem = 'unknown_product' OR problem = 'close_conflict' OR
                                      problem = 'refused_movement'),
  subject     TEXT    NOT NULL,
  kiosk_id    TEXT    NOT NULL,
  note        TEXT    NOT NULL DEFAULT '',
  noted_at_ms INTEGER NOT NULL,
  UNIQUE (problem, subject, kiosk_id)
);
