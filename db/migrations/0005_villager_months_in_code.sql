-- villager_months is kept by the code that appends entries (Ledger, BatchAppender), in the same
-- transaction, instead of by a trigger per row: the office merging a kiosk's batch sums each
-- villager-month once per batch and writes one row for it, not one upsert per entry.
-- LedgerTest.VillagerMonthsStayEqualToTheSumsOverEntries (tests/db/ledger_test.cpp) proves the
-- table equal to the sums over entries.
DROP TRIGGER IF EXISTS entries_villager_month;
