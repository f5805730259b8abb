-- A tenant's optional de-duplication (reliability.md §4 row 9, T82): a message with the Message-ID and recipient of
-- one queued within this many minutes is answered with the first one's id and not queued again; 0 = off.
ALTER TABLE tenant_settings ADD COLUMN dedupe_window_minutes integer NOT NULL DEFAULT 0;
