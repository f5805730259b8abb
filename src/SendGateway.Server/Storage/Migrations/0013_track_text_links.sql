-- Links in text parts are tracked too when a tenant asks (api.md §7 track_text_links), for messages tracking clicks.
ALTER TABLE tenant_settings ADD COLUMN track_text_links boolean NOT NULL DEFAULT false;
