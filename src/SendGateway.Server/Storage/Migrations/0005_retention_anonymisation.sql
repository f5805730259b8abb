-- Per-tenant retention and anonymisation (api.md §5 /v1/settings); null = the service default / never.
ALTER TABLE tenant_settings
    ADD COLUMN retention_days integer,
    ADD COLUMN anonymize_after_minutes integer,
    ADD COLUMN anonymize_metadata boolean NOT NULL DEFAULT false;

-- An anonymised row keeps a masked address (j***@example.test) and the keyed hash of the full one, so the tenant can
-- still find it by the full address.
ALTER TABLE messages ADD COLUMN recipient_hash text, ADD COLUMN anonymized_at timestamptz;
ALTER TABLE events ADD COLUMN recipient_hash text;
CREATE INDEX messages_to_anonymize ON messages (tenant_id, updated_at) WHERE anonymized_at IS NULL;
