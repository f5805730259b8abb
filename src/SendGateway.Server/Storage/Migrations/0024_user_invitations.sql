-- Issue 32 §4: accounts belong to their holder. An invitation or a reset is a one-time link (only its SHA-256 is
-- kept) with which the person sets their own password and second factor; nobody else ever knows both. An invitation
-- reserves nothing: the account (panel_users, one per address) is made when the link is redeemed, and the first
-- redeemed wins. A reset clears the account's password (NULL: nothing signs in with it) and factor until redeemed.
ALTER TABLE panel_users ALTER COLUMN password_hash DROP NOT NULL;

CREATE TABLE user_invitations (
    id           text PRIMARY KEY,
    tenant_id    text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id      text NOT NULL,
    email        text NOT NULL,
    role         text NOT NULL,
    purpose      text NOT NULL CHECK (purpose IN ('invite', 'reset')),
    token_hash   text NOT NULL UNIQUE,
    totp_secret  bytea,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX user_invitations_open ON user_invitations (tenant_id, lower(email)) WHERE used_at IS NULL AND revoked_at IS NULL;
CREATE INDEX user_invitations_expiry ON user_invitations (tenant_id, expires_at);
