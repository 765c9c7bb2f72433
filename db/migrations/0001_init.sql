-- The village roster, the rule book, the append-only ledger with materialized balances,
-- the supermarket catalog with append-only stock movements, and the service hub.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE grids (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE,
  collector_id INTEGER REFERENCES villagers(id) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE households (
  id      INTEGER PRIMARY KEY,
  grid_id INTEGER NOT NULL REFERENCES grids(id),
  address TEXT NOT NULL,
  head_id INTEGER REFERENCES villagers(id) DEFERRABLE INITIALLY DEFERRED,
  relief  INTEGER NOT NULL DEFAULT 0 CHECK (relief IN (0, 1))
);

CREATE TABLE villagers (
  id           INTEGER PRIMARY KEY,
  household_id INTEGER NOT NULL REFERENCES households(id),
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 16),
  gender       TEXT NOT NULL CHECK (gender IN ('F', 'M')),
  birth_year   INTEGER NOT NULL CHECK (birth_year BETWEEN 1900 AND 2100),
  party_member INTEGER NOT NULL DEFAULT 0 CHECK (party_member IN (0, 1)),
  committee    INTEGER NOT NULL DEFAULT 0 CHECK (committee IN (0, 1))
);
CREATE INDEX villagers_household ON villagers(household_id);

CREATE TABLE volunteer_teams (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);

CREATE TABLE team_members (
  team_id     INTEGER NOT NULL REFERENCES volunteer_teams(id),
  villager_id INTEGER NOT NULL REFERENCES villagers(id),
  PRIMARY KEY (team_id, villager_id)
) WITHOUT ROWID;

CREATE TABLE rule_categories (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);

CREATE TABLE rules (
  id          INTEGER PRIMARY KEY,
  category_id INTEGER NOT NULL REFERENCES rule_categories(id),
  code        TEXT NOT NULL UNIQUE,
  title       TEXT NOT NULL,
  score_delta INTEGER NOT NULL CHECK (score_delta <> 0)
);

CREATE TABLE cards (
  uid           TEXT PRIMARY KEY,
  villager_id   INTEGER NOT NULL REFERENCES villagers(id),
  kind          TEXT NOT NULL CHECK (kind IN ('ic', 'id', 'qr', 'staff')),
  issued_at_ms  INTEGER NOT NULL,
  revoked_at_ms INTEGER
) WITHOUT ROWID;
CREATE INDEX cards_villager ON cards(villager_id);

-- The ledger. One row per event, never changed: a correction is a void entry naming the
-- entry it reverses. `hash` = SHA-256 over the previous entry's hash and this entry's fields.
CREATE TABLE entries (
  seq          INTEGER PRIMARY KEY,
  uuid         TEXT NOT NULL UNIQUE CHECK (length(uuid) BETWEEN 1 AND 64),
  kiosk_id     TEXT NOT NULL CHECK (length(kiosk_id) BETWEEN 1 AND 64),
  kiosk_seq    INTEGER NOT NULL CHECK (kiosk_seq > 0),
  villager_id  INTEGER NOT NULL REFERENCES villagers(id),
  kind         TEXT NOT NULL CHECK (kind IN ('council_award', 'council_deduction',
                 'volunteer_hours', 'fund_reward', 'redemption', 'booking', 'void')),
  score_delta  INTEGER NOT NULL,
  points_delta INTEGER NOT NULL,
  reference    TEXT NOT NULL DEFAULT '',
  detail       TEXT NOT NULL DEFAULT '',
  voids_seq    INTEGER UNIQUE REFERENCES entries(seq),
  at_ms        INTEGER NOT NULL,
  hash         BLOB NOT NULL CHECK (length(hash) = 32),
  UNIQUE (kiosk_id, kiosk_seq),
  CHECK ((kind = 'void') = (voids_seq IS NOT NULL))
);
CREATE INDEX entries_villager_time ON entries(villager_id, at_ms);
CREATE INDEX entries_time ON entries(at_ms);

CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;

-- Materialized in the same transaction as each entry; `verify` proves them equal to the sums.
CREATE TABLE balances (
  villager_id INTEGER PRIMARY KEY REFERENCES villagers(id),
  score       INTEGER NOT NULL,
  points      INTEGER NOT NULL,
  entries     INTEGER NOT NULL DEFAULT 0
);
CREATE TRIGGER villagers_open_balance AFTER INSERT ON villagers
BEGIN INSERT INTO balances (villager_id, score, points, entries) VALUES (NEW.id, 1000, 0, 0); END;

CREATE TABLE products (
  id               INTEGER PRIMARY KEY,
  sku              TEXT NOT NULL UNIQUE CHECK (length(sku) BETWEEN 1 AND 32),
  barcode          TEXT UNIQUE,
  name             TEXT NOT NULL,
  category         TEXT NOT NULL,
  price_points     INTEGER NOT NULL CHECK (price_points > 0),
  per_order_limit  INTEGER NOT NULL DEFAULT 0 CHECK (per_order_limit >= 0),
  requires_welfare INTEGER NOT NULL DEFAULT 0 CHECK (requires_welfare IN (0, 1)),
  active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  stock            INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0)
);

CREATE TABLE stock_movements (
  id         INTEGER PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES products(id),
  delta      INTEGER NOT NULL CHECK (delta <> 0),
  reason     TEXT NOT NULL CHECK (reason IN ('receive', 'adjust', 'redeem', 'void')),
  entry_seq  INTEGER REFERENCES entries(seq),
  at_ms      INTEGER NOT NULL,
  note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX stock_movements_product ON stock_movements(product_id);
CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON stock_movements
BEGIN SELECT RAISE(ABORT, 'stock movements are append-only'); END;
CREATE TRIGGER stock_movements_no_delete BEFORE DELETE ON stock_movements
BEGIN SELECT RAISE(ABORT, 'stock movements are append-only'); END;

CREATE TABLE stations (
  id   INTEGER PRIMARY KEY,
  kind TEXT NOT NULL UNIQUE CHECK (kind IN ('supermarket', 'laundry', 'haircut', 'repair',
         'errand', 'farm_machinery', 'warm_canteen')),
  name TEXT NOT NULL
);

CREATE TABLE slots (
  id          INTEGER PRIMARY KEY,
  station_id  INTEGER NOT NULL REFERENCES stations(id),
  start_ms    INTEGER NOT NULL,
  capacity    INTEGER NOT NULL CHECK (capacity > 0),
  points_cost INTEGER NOT NULL DEFAULT 0 CHECK (points_cost >= 0),
  booked      INTEGER NOT NULL DEFAULT 0 CHECK (booked >= 0 AND booked <= capacity),
  UNIQUE (station_id, start_ms)
);

CREATE TABLE bookings (
  id               INTEGER PRIMARY KEY,
  uuid             TEXT NOT NULL UNIQUE,
  slot_id          INTEGER NOT NULL REFERENCES slots(id),
  villager_id      INTEGER NOT NULL REFERENCES villagers(id),
  status           TEXT NOT NULL CHECK (status IN ('booked', 'cancelled')),
  entry_seq        INTEGER REFERENCES entries(seq),
  cancel_entry_seq INTEGER REFERENCES entries(seq),
  created_at_ms    INTEGER NOT NULL
);
CREATE UNIQUE INDEX bookings_one_per_slot ON bookings(slot_id, villager_id)
  WHERE status = 'booked';

CREATE TABLE service_orders (
  id              INTEGER PRIMARY KEY,
  uuid            TEXT NOT NULL UNIQUE,
  station_id      INTEGER NOT NULL REFERENCES stations(id),
  requester_id    INTEGER NOT NULL REFERENCES villagers(id),
  claimer_id      INTEGER REFERENCES villagers(id),
  state           TEXT NOT NULL CHECK (state IN ('requested', 'claimed', 'done', 'confirmed',
                    'cancelled')),
  note            TEXT NOT NULL DEFAULT '',
  minutes         INTEGER,
  requested_at_ms INTEGER NOT NULL,
  updated_at_ms   INTEGER NOT NULL,
  entry_seq       INTEGER REFERENCES entries(seq)
);
CREATE INDEX service_orders_state ON service_orders(state);
