-- Message streams (as Postmark separates them): every message belongs to a stream of its tenant, transactional (the
-- default) or broadcast, or one the tenant creates with one of those two kinds. The two built-in streams exist for every
-- tenant without a row; a row holds what the tenant changed (or a stream it created). NULL settings take the defaults:
-- unsubscribe by kind (transactional: off, broadcast: header) when the tenant uses stream defaults, else the tenant's
-- unsubscribe setting; tracking from the tenant's settings; the pool from the tenant's default.
CREATE TABLE message_streams (
    tenant_id    text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id           text NOT NULL,
    name         text NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('transactional', 'broadcast')),
    unsubscribe  text CHECK (unsubscribe IN ('header', 'header_and_footer', 'off')),
    track_opens  boolean,
    track_clicks boolean,
    ip_pool      text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

-- Tenants that existed before streams keep today's behaviour (the tenant's unsubscribe setting for every stream, one
-- suppression scope) until they switch: a settings row with stream_defaults false for each; new tenants get true.
ALTER TABLE tenant_settings ADD COLUMN stream_defaults boolean NOT NULL DEFAULT false;
INSERT INTO tenant_settings (tenant_id) SELECT id FROM tenants ON CONFLICT (tenant_id) DO NOTHING;
ALTER TABLE tenant_settings ALTER COLUMN stream_defaults SET DEFAULT true;

-- An unsubscribe suppresses the address for its stream's kind only (scope); bounces and complaints for all (NULL).
-- One row per address: an entry for the other kind, or one for all, widens the scope to all.
ALTER TABLE suppressions ADD COLUMN scope text CHECK (scope IN ('transactional', 'broadcast'));

-- The stream of each message and event (NULL on rows written before streams: transactional).
ALTER TABLE messages ADD COLUMN stream text;
ALTER TABLE events ADD COLUMN stream text;

-- Each SMTP credential's default stream (X-SG-Stream overrides it); NULL: transactional.
ALTER TABLE smtp_credentials ADD COLUMN default_stream text;

-- A webhook's streams filter; NULL: every stream.
ALTER TABLE webhooks ADD COLUMN streams text[];

-- Row security as every tenant table (0025).
ALTER TABLE message_streams ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY service_all ON message_streams AS PERMISSIVE FOR ALL TO PUBLIC USING (true) WITH CHECK (true);
CREATE POLICY tenant_wall ON message_streams AS RESTRICTIVE FOR ALL TO PUBLIC
    USING (current_user <> 'sendgateway_tenant' OR tenant_id = current_setting('sendgateway.tenant_id', true))
    WITH CHECK (current_user <> 'sendgateway_tenant' OR tenant_id = current_setting('sendgateway.tenant_id', true));
