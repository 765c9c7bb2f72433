-- The office console's accounts and its audit log (office only). A user is the secretary, the
-- clerk, a grid collector (with the grid they collect for) or an auditor; the password is kept
-- as an Argon2id hash (libsodium's crypto_pwhash_str), never as text. Wrong passwords lock the
-- account for a while (core::afterWrongPin), kept here so a restart does not reset them.
CREATE TABLE console_users (
  id              INTEGER PRIMARY KEY,
  name            TEXT    NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 32),
  role            TEXT    NOT NULL CHECK (role = 'secretary' OR role = 'clerk' OR
                                          role = 'collector' OR role = 'auditor'),
  grid_id         INTEGER REFERENCES grids(id),
  password_hash   TEXT    NOT NULL CHECK (length(password_hash) BETWEEN 1 AND 200),
  disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled = 0 OR disabled = 1),
  failures        INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
  locked_until_ms INTEGER NOT NULL DEFAULT 0,
  created_at_ms   INTEGER NOT NULL,
  CHECK ((role = 'collector') = (grid_id IS NOT NULL))
);

-- Every change made through the console (and every user added or disabled): who, when, what.
-- Rows are never changed or removed.
CREATE TABLE console_audit (
  id      INTEGER PRIMARY KEY,
  at_ms   INTEGER NOT NULL,
  user    TEXT    NOT NULL CHECK (length(user) <= 64),
  action  TEXT    NOT NULL CHECK (length(action) BETWEEN 1 AND 64),
  detail  TEXT    NOT NULL DEFAULT '' CHECK (length(detail) <= 2000)
);
CREATE INDEX console_audit_at ON console_audit(at_ms);
CREATE TRIGGER console_audit_no_update BEFORE UPDATE ON console_audit
BEGIN SELECT RAISE(ABORT, 'the console audit log is append-only'); END;
CREATE TRIGGER console_audit_no_delete BEFORE DELETE ON console_audit
BEGIN SELECT RAISE(ABORT, 'the console audit log is append-only'); END;
