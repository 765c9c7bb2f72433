-- Office: kiosk entries the office refused (a kind a kiosk may not push, an amount out of its
-- bounds, text that is not UTF-8, ...). Nothing of such an entry reaches the ledger, but the
-- refusal holds its seq, so the kiosk's later entries still sync instead of waiting behind it
-- for good. Staff read them with `rc-office overdrafts`, beside the reconciliation list.
CREATE TABLE refused_entries (
  kiosk_id      TEXT    NOT NULL,
  kiosk_seq     INTEGER NOT NULL CHECK (kiosk_seq > 0),
  uuid          TEXT    NOT NULL,
  villager_id   INTEGER NOT NULL,
  kind          TEXT    NOT NULL,
  score_delta   INTEGER NOT NULL,
  points_delta  INTEGER NOT NULL,
  at_ms         INTEGER NOT NULL,
  reason        TEXT    NOT NULL,
  refused_at_ms INTEGER NOT NULL,
  PRIMARY KEY (kiosk_id, kiosk_seq)
) WITHOUT ROWID;
