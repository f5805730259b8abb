-- SMTP relay credentials of a tenant. The password is stored only as PBKDF2-SHA256 (salt, iterations, hash).
CREATE TABLE smtp_credentials (
    id             text PRIMARY KEY,
    tenant_id      text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name           text NOT NULL,
    username       text NOT NULL UNIQUE,
    password_hash  bytea NOT NULL,
    salt           bytea NOT NULL,
    iterations     integer NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX smtp_credentials_tenant ON smtp_credentials (tenant_id);
