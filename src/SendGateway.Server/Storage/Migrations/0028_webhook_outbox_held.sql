-- reliability.md T56: an endpoint the dispatcher disabled (failing, gone) keeps receiving its events in webhook_outbox
-- until the tenant enables it again or replays, so its rows can be days old; retention deletes them with their events
-- (Webhooks/WebhookRetentionStep) by tenant and time, which this index serves.
CREATE INDEX webhook_outbox_tenant_time ON webhook_outbox (tenant_id, occurred_at);
