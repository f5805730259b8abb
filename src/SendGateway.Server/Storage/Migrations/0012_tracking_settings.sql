-- Tracking and unsubscribe defaults per tenant (api.md §7): a message's own tracking and unsubscribe fields win.
ALTER TABLE tenant_settings
    ADD COLUMN track_opens boolean NOT NULL DEFAULT false,
    ADD COLUMN track_clicks boolean NOT NULL DEFAULT false,
    ADD COLUMN unsubscribe text NOT NULL DEFAULT 'header' CHECK (unsubscribe IN ('header', 'header_and_footer', 'off'));
