-- A tenant's transport-security settings (RFC 8689): require_tls makes every message of the tenant need verified TLS to
-- the recipient's MX (as REQUIRETLS or require_tls per message does); tls_optional_allowed lets a message's
-- "TLS-Required: No" header waive MTA-STS and DANE failures. Both off by default.
ALTER TABLE tenant_settings ADD COLUMN require_tls boolean NOT NULL DEFAULT false;
ALTER TABLE tenant_settings ADD COLUMN tls_optional_allowed boolean NOT NULL DEFAULT false;
