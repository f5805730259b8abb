-- Issue 39 §4: the panel's overview counts a tenant's messages by their final state over a range of accepted_at
-- (MessageTallyStore). messages_to_anonymize (0020) holds (tenant_id, accepted_at) only for rows not yet anonymised,
-- so a tenant that anonymises after a day would lose its older messages from the counts, and without it the count is
-- a scan of every tenant's messages. This index covers every row. It holds no column a status change writes (status,
-- status_rank, updated_at), so those updates stay HOT (0020): accepted_at moves only when an earlier event arrives
-- late, which 0020's index already pays for. Building it blocks writes to messages while it runs: the ingester waits,
-- its events stay queued in Redis.
CREATE INDEX IF NOT EXISTS messages_tenant_accepted ON messages (tenant_id, accepted_at);
