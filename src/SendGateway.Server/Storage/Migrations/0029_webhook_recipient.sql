-- What webhook payloads carry of the recipient (reliability.md T58): full (the address, as before), hashed (HMAC-SHA256
-- of the lowercased address under the tenant's webhook_recipient_key, made when hashed is first chosen; sealed with the
-- master key like every stored secret) or omitted.
ALTER TABLE tenant_settings ADD COLUMN webhook_recipient text NOT NULL DEFAULT 'full';
ALTER TABLE tenant_settings ADD COLUMN webhook_recipient_key bytea;
