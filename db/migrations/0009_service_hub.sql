-- The service hub as kiosks use it (db/service_desk.h, docs/sync-protocol.md "Service events").
--
-- Bookings and requests: the volunteer who made one for an elderly villager (booked_by), the
-- short number on the ticket, the kiosk it was made at, and for a booking the office cancelled
-- because the slot was oversold (refused = 1: the villager is told, the points came back).
-- A request's points (policy, 0 allowed) are a booking entry (pay_entry_seq); a cancelled
-- request's points come back by a void of that entry.
ALTER TABLE bookings ADD COLUMN booked_by INTEGER REFERENCES villagers(id);
ALTER TABLE bookings ADD COLUMN ticket TEXT NOT NULL DEFAULT '';
ALTER TABLE bookings ADD COLUMN kiosk_id TEXT NOT NULL DEFAULT 'office';
ALTER TABLE bookings ADD COLUMN refused INTEGER NOT NULL DEFAULT 0 CHECK (refused = 0 OR refused = 1);
CREATE INDEX bookings_villager ON bookings(villager_id);
CREATE INDEX bookings_slot ON bookings(slot_id, created_at_ms);

ALTER TABLE service_orders ADD COLUMN booked_by INTEGER REFERENCES villagers(id);
ALTER TABLE service_orders ADD COLUMN ticket TEXT NOT NULL DEFAULT '';
ALTER TABLE service_orders ADD COLUMN kiosk_id TEXT NOT NULL DEFAULT 'office';
ALTER TABLE service_orders ADD COLUMN points INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0);
ALTER TABLE service_orders ADD COLUMN pay_entry_seq INTEGER REFERENCES entries(seq);
CREATE INDEX service_orders_requester ON service_orders(requester_id);
CREATE INDEX service_orders_claimer ON service_orders(claimer_id);

-- What the office decided that a villager must hear on their next scan: a booking it could not
-- keep (booking_refused, points refunded) or a claim another volunteer won (claim_lost).
-- The office's file keeps them for a standalone kiosk; a synced kiosk keeps what the pull sent.
CREATE TABLE notices (
  id                 TEXT    PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 80),
  kind               TEXT    NOT NULL CHECK (kind = 'booking_refused' OR kind = 'claim_lost'),
  villager_id        INTEGER NOT NULL,
  station            TEXT    NOT NULL,
  about_ms           INTEGER NOT NULL,
  points_refunded    INTEGER NOT NULL DEFAULT 0 CHECK (points_refunded >= 0),
  other_name         TEXT    NOT NULL DEFAULT '',
  created_at_ms      INTEGER NOT NULL,
  acknowledged_at_ms INTEGER
) WITHOUT ROWID;
CREATE INDEX notices_villager ON notices(villager_id);
CREATE TRIGGER notices_log_insert AFTER INSERT ON notices
BEGIN INSERT INTO change_log (topic, row_key) VALUES ('notice', NEW.id); END;

-- Office: what merging kiosks' service events broke, for the staff (rc-office overdrafts):
-- a booking beyond the slot's capacity the office cancelled (oversold), a claim that came
-- after another kiosk's (claim_lost), an event the rules refuse (refused_event). Nothing is
-- dropped without a line here.
CREATE TABLE service_reconciliation (
  id           INTEGER PRIMARY KEY,
  problem      TEXT    NOT NULL CHECK (problem = 'oversold' OR problem = 'claim_lost' OR
                                       problem = 'refused_event'),
  subject_uuid TEXT    NOT NULL,
  villager_id  INTEGER NOT NULL,
  kiosk_id     TEXT    NOT NULL,
  note         TEXT    NOT NULL DEFAULT '',
  noted_at_ms  INTEGER NOT NULL,
  UNIQUE (problem, subject_uuid, villager_id)
);

-- Orders change state at the office; kiosks pull them by this log.
CREATE TRIGGER service_orders_log_insert AFTER INSERT ON service_orders
BEGIN INSERT INTO change_log (topic, row_key) VALUES ('order', NEW.id); END;
CREATE TRIGGER service_orders_log_update AFTER UPDATE ON service_orders
BEGIN INSERT INTO change_log (topic, row_key) VALUES ('order', NEW.id); END;
CREATE TRIGGER bookings_log_insert AFTER INSERT ON bookings
BEGIN INSERT INTO change_log (topic, row_key) VALUES ('booking', NEW.id); END;
CREATE TRIGGER bookings_log_update AFTER UPDATE ON bookings
BEGIN INSERT INTO change_log (topic, row_key) VALUES ('booking', NEW.id); END;
CREATE TRIGGER team_members_log_insert AFTER INSERT ON team_members
BEGIN INSERT INTO change_log (topic, row_key) VALUES ('team_member', NEW.villager_id); END;

-- Office: the kiosks' service events already applied, so a retried push changes nothing.
CREATE TABLE service_events_seen (
  kiosk_id TEXT NOT NULL,
  uuid     TEXT NOT NULL,
  at_ms    INTEGER NOT NULL,
  PRIMARY KEY (kiosk_id, uuid)
) WITHOUT ROWID;

-- Kiosk: the office's bookings and requests as the last pull sent them, and this kiosk's own
-- not yet answered (pending = 1; offline = 1 when booked without the office, which counts
-- against the kiosk's offline share of the slot).
CREATE TABLE kiosk_bookings (
  uuid          TEXT    PRIMARY KEY,
  ticket        TEXT    NOT NULL DEFAULT '',
  slot_id       INTEGER NOT NULL,
  villager_id   INTEGER NOT NULL,
  booked_by     INTEGER NOT NULL DEFAULT 0,
  points        INTEGER NOT NULL DEFAULT 0,
  state         TEXT    NOT NULL CHECK (state = 'booked' OR state = 'cancelled' OR state = 'refused'),
  created_at_ms INTEGER NOT NULL,
  pending       INTEGER NOT NULL DEFAULT 0,
  offline       INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX kiosk_bookings_villager ON kiosk_bookings(villager_id);
CREATE INDEX kiosk_bookings_slot ON kiosk_bookings(slot_id);

CREATE TABLE kiosk_orders (
  uuid            TEXT    PRIMARY KEY,
  ticket          TEXT    NOT NULL DEFAULT '',
  station         TEXT    NOT NULL,
  state           TEXT    NOT NULL,
  requester_id    INTEGER NOT NULL,
  claimer_id      INTEGER NOT NULL DEFAULT 0,
  booked_by       INTEGER NOT NULL DEFAULT 0,
  note            TEXT    NOT NULL DEFAULT '',
  minutes         INTEGER NOT NULL DEFAULT 0,
  points          INTEGER NOT NULL DEFAULT 0,
  requested_at_ms INTEGER NOT NULL,
  updated_at_ms   INTEGER NOT NULL,
  pending         INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- Kiosk: team volunteers as the office sent them (party members are on the roster).
CREATE TABLE office_volunteers (villager_id INTEGER PRIMARY KEY);

-- Kiosk: its service events, in order; acked once the office took them.
CREATE TABLE service_outbox (
  seq             INTEGER PRIMARY KEY,
  uuid            TEXT    NOT NULL UNIQUE,
  kind            TEXT    NOT NULL,
  subject         TEXT    NOT NULL,
  villager_id     INTEGER NOT NULL,
  booked_by       INTEGER NOT NULL DEFAULT 0,
  slot_id         INTEGER NOT NULL DEFAULT 0,
  station         TEXT    NOT NULL DEFAULT '',
  action          TEXT    NOT NULL DEFAULT '',
  staff           INTEGER NOT NULL DEFAULT 0,
  minutes         INTEGER NOT NULL DEFAULT 0,
  points          INTEGER NOT NULL DEFAULT 0,
  note            TEXT    NOT NULL DEFAULT '',
  ticket          TEXT    NOT NULL DEFAULT '',
  entry_kiosk_seq INTEGER NOT NULL DEFAULT 0,
  at_ms           INTEGER NOT NULL,
  acked           INTEGER NOT NULL DEFAULT 0
);
