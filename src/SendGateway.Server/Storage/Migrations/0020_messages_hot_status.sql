-- Issue 20: a message's status change (each event after its first) no longer touches an index of messages, so
-- PostgreSQL can make it a HOT update (the new row version on the same page, no new index entries). The
-- anonymisation index held updated_at, which every event changes; it now holds accepted_at, set by the first event
-- (an earlier event arriving late is the rare exception). updated_at >= accepted_at, so every row due (updated before
-- the cutoff) was accepted before it: the retention query walks this index and checks updated_at on the row.
-- Pages keep free space for those new versions (fillfactor; rows written from now on). Building the index blocks
-- writes to messages while it runs: the ingester waits, its events stay queued in Redis.
DROP INDEX IF EXISTS messages_to_anonymize;
CREATE INDEX messages_to_anonymize ON messages (tenant_id, accepted_at) WHERE anonymized_at IS NULL;
ALTER TABLE messages SET (fillfactor = 85);
