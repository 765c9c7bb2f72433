-- The keys a village's own roster spreadsheet names people by: a household code of the
-- village's choosing ("H001", "3组12号"), unique; and the last 4 to 6 characters of a villager's
-- ID card (never the whole number), which tell namesakes in one household apart. Households
-- from before get a code made from their id, so every household has one.
ALTER TABLE households ADD COLUMN code TEXT CHECK (code IS NULL OR length(code) BETWEEN 1 AND 32);
UPDATE households SET code = printf('H%03d', id) WHERE code IS NULL;
CREATE UNIQUE INDEX households_code ON households(code);
ALTER TABLE villagers ADD COLUMN id_digits TEXT NOT NULL DEFAULT ''
  CHECK (length(id_digits) = 0 OR length(id_digits) BETWEEN 4 AND 6);
