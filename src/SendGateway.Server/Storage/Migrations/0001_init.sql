-- Tenants and their credentials. API keys are stored as SHA-256 of the secret part only.
CREATE TABLE tenants (
    id          text PRIMARY KEY,
    name        text NOT NULL,
    suspended   boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
    id           text PRIMARY KEY,
    tenant_id    text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name         text NOT NULL,
    secret_hash  bytea NOT NULL,
    scopes       text[] NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id);

-- Sender domains; the DKIM private key is AES-GCM sealed with the service's master key.
CREATE TABLE domains (
    tenant_id         text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name              text NOT NULL,
    dkim_selector     text NOT NULL,
    dkim_private_key  bytea NOT NULL,
    dkim_public_key   text NOT NULL,
    verified          boolean NOT NULL DEFAULT false,
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, name)
);

-- One row per envelope recipient; status is the highest-rank event so far (api.md §4).
CREATE TABLE messages (
    tenant_id         text NOT NULL,
    id                text NOT NULL,
    batch_id          text NOT NULL,
    recipient         text NOT NULL,
    recipient_domain  text NOT NULL,
    from_address      text NOT NULL,
    tags              text[] NOT NULL DEFAULT '{}',
    metadata          jsonb NOT NULL DEFAULT '{}',
    status            text NOT NULL,
    status_rank       smallint NOT NULL,
    accepted_at       timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX messages_batch ON messages (tenant_id, batch_id);

-- Every state change; partitioned by day so retention is dropping partitions (architecture §5).
CREATE TABLE events (
    id                text NOT NULL,
    tenant_id         text NOT NULL,
    type              text NOT NULL,
    occurred_at       timestamptz NOT NULL,
    message_id        text NOT NULL,
    batch_id          text NOT NULL,
    sequence          integer NOT NULL,
    recipient         text NOT NULL,
    recipient_domain  text NOT NULL,
    from_address      text NOT NULL,
    tags              text[] NOT NULL DEFAULT '{}',
    metadata          jsonb NOT NULL DEFAULT '{}',
    smtp              jsonb,
    bounce_class      text,
    reason            text,
    PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);
CREATE INDEX events_tenant_time ON events (tenant_id, occurred_at, id);
CREATE INDEX events_tenant_message ON events (tenant_id, message_id, sequence);
