-- People of the web panel (api.md §7a, /v1/users): a tenant's users, or operators (tenant_id NULL). One address signs
-- in to one account. The password is hashed (ASP.NET Core Identity's PasswordHasher), the TOTP secret sealed with the
-- master key, recovery codes kept as SHA-256 hashes; session_stamp changes on "sign out everywhere" and on factor
-- changes, which ends every session cookie issued before.
CREATE TABLE panel_users (
    id               text PRIMARY KEY,
    tenant_id        text REFERENCES tenants (id) ON DELETE CASCADE,
    email            text NOT NULL,
    role             text NOT NULL,
    password_hash    text NOT NULL,
    totp_secret      bytea,
    totp_enabled     boolean NOT NULL DEFAULT false,
    totp_last_step   bigint NOT NULL DEFAULT 0,
    recovery_codes   text[] NOT NULL DEFAULT '{}',
    session_stamp    text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    last_sign_in_at  timestamptz
);
CREATE UNIQUE INDEX panel_users_email ON panel_users (lower(email));
CREATE INDEX panel_users_tenant ON panel_users (tenant_id, email);
