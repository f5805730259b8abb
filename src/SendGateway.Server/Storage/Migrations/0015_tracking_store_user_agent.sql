-- A tenant may keep the User-Agent of opens and clicks on their events (api.md §7 tracking_store_user_agent); off by default.
ALTER TABLE tenant_settings ADD COLUMN tracking_store_user_agent boolean NOT NULL DEFAULT false;
