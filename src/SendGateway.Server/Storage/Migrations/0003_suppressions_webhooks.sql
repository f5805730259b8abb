-- Per-tenant settings (api.md §5 /v1/settings); a tenant without a row has the defaults below.
CREATE TABLE tenant_settings (
    tenant_id                        text PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    hard_bounces_before_suppression  integer NOT NULL DEFAULT 1,
    suppress_on_spambounce           boolean NOT NULL DEFAULT true,
    suppression_validity_days        integer,
    block_disposable_domains         boolean NOT NULL DEFAULT false,
    updated_at                       timestamptz NOT NULL DEFAULT now()
);

-- The suppression list: a lower-case address, or '@domain' for a whole domain. expires_at null = for ever.
CREATE TABLE suppressions (
    tenant_id          text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email              text NOT NULL,
    reason             text NOT NULL,
    source_message_id  text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    expires_at         timestamptz,
    PRIMARY KEY (tenant_id, email)
);

-- Hard bounces counted per recipient, for "suppress after N hard bounces".
CREATE TABLE recipient_bounces (
    tenant_id       text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email           text NOT NULL,
    hard_bounces    integer NOT NULL,
    last_bounce_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, email)
);

-- An asynchronous bounce (DSN) names only the message id (VERP), so messages are found by id too.
CREATE INDEX messages_id ON messages (id);

-- Webhook endpoints; the signing secret is AES-GCM sealed with the service's master key.
CREATE TABLE webhooks (
    id               text PRIMARY KEY,
    tenant_id        text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    url              text NOT NULL,
    events           text[] NOT NULL,
    batch_size       integer NOT NULL,
    secret           bytea NOT NULL,
    enabled          boolean NOT NULL DEFAULT true,
    disabled_reason  text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhooks_tenant ON webhooks (tenant_id, id);

-- Events waiting to be put in a batch for an endpoint; filled in the ingest transaction, emptied when batched.
CREATE TABLE webhook_outbox (
    webhook_id   text NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id     text NOT NULL,
    tenant_id    text NOT NULL,
    occurred_at  timestamptz NOT NULL,
    PRIMARY KEY (webhook_id, event_id)
);

-- One signed POST (its id is the webhook-id header, the same on every attempt) and its retry state.
CREATE TABLE webhook_batches (
    id               text PRIMARY KEY,
    webhook_id       text NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    tenant_id        text NOT NULL,
    payload          text NOT NULL,
    event_count      integer NOT NULL,
    state            text NOT NULL DEFAULT 'pending',
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    completed_at     timestamptz
);
CREATE INDEX webhook_batches_due ON webhook_batches (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_batches_webhook ON webhook_batches (webhook_id, created_at);

-- Every attempt, for GET /v1/webhooks/{id}/deliveries.
CREATE TABLE webhook_deliveries (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    webhook_id    text NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    tenant_id     text NOT NULL,
    batch_id      text NOT NULL,
    attempt       integer NOT NULL,
    attempted_at  timestamptz NOT NULL,
    status_code   integer,
    latency_ms    integer NOT NULL,
    error         text,
    event_count   integer NOT NULL
);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id);
