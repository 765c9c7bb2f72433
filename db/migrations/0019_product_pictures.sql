-- An optional picture per product (PNG or JPEG, as the office stored it after decoding it),
-- with its SHA-256 (hex). Set at the office (rc-office product picture) and carried to kiosks
-- in the pull under the change-log topic 'product_picture' (row_key: the product's id), so a
-- picture travels only when it changed, never with every stock movement.
CREATE TABLE product_pictures (
  product_id INTEGER PRIMARY KEY REFERENCES products(id),
  format     TEXT    NOT NULL CHECK (format = 'png' OR format = 'jpeg'),
  width      INTEGER NOT NULL CHECK (width BETWEEN 1 AND 1024),
  height     INTEGER NOT NULL CHECK (height BETWEEN 1 AND 1024),
  sha256     TEXT    NOT NULL CHECK (length(sha256) = 64),
  bytes      BLOB    NOT NULL CHECK (length(bytes) BETWEEN 1 AND 262144),
  updated_ms INTEGER NOT NULL
);
CREATE TRIGGER product_pictures_log_insert AFTER INSERT ON product_pictures
BEGIN INSERT INTO change_log (topic, row_key) VALUES ('product_picture', NEW.product_id); END;
CREATE TRIGGER product_pictures_log_update AFTER UPDATE ON product_pictures
BEGIN INSERT INTO change_log (topic, row_key) VALUES ('product_picture', NEW.product_id); END;
CREATE TRIGGER product_pictures_log_delete AFTER DELETE ON product_pictures
BEGIN INSERT INTO change_log (topic, row_key) VALUES ('product_picture', OLD.product_id); END;
