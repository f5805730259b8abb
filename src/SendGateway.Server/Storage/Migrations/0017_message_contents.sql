-- Message content as sent (api.md §7a: the panel shows a message's headers and body), kept per tenant setting
-- keep_content_days (off unless set). The MIME is sealed with the master key; a row goes with its message (erasure,
-- retention, tenant deletion cascade) or at expires_at, and anonymisation deletes it.
ALTER TABLE tenant_settings ADD COLUMN keep_content_days integer;
CREATE TABLE message_contents (
    tenant_id   text NOT NULL,
    message_id  text NOT NULL,
    mime        bytea NOT NULL,
    stored_at   timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, message_id),
    FOREIGN KEY (tenant_id, message_id) REFERENCES messages (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX message_contents_expiry ON message_contents (expires_at);
