-- Rotating a webhook secret (POST /v1/webhooks/{id}/rotate-secret): the previous secret keeps signing beside the new
-- one until previous_secret_expires_at (Standard Webhooks: several signatures in one header), so receivers can switch
-- without losing a batch. Replaying batches (POST /v1/webhooks/{id}/replay): a replayed batch's retry window starts
-- at replayed_at instead of created_at.
ALTER TABLE webhooks ADD COLUMN previous_secret bytea, ADD COLUMN previous_secret_expires_at timestamptz;
ALTER TABLE webhook_batches ADD COLUMN replayed_at timestamptz;
