-- Operator queue controls: hold, bounce or rebind queued mail by tenant, recipient domain, IP pool or source address.
-- Operator data, not tenant-scoped (a tenant's deletion leaves the history of controls that named it). A control is in
-- effect from created_at until lifted_at; lifted rows stay as the history the console and the API list.
CREATE TABLE queue_controls (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    action      text NOT NULL CHECK (action IN ('hold', 'bounce', 'rebind')),
    scope       text NOT NULL CHECK (scope IN ('tenant', 'domain', 'pool', 'source')),
    value       text NOT NULL,
    to_pool     text,
    note        text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text NOT NULL,
    lifted_at   timestamptz,
    lifted_by   text,
    CHECK ((action = 'rebind') = (to_pool IS NOT NULL))
);
CREATE INDEX queue_controls_active ON queue_controls (created_at) WHERE lifted_at IS NULL;
