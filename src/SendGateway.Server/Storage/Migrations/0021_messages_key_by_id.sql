-- Issue 20: the primary key leads with the message id, so it also serves the lookups by id alone (an asynchronous
-- bounce names only the message) and the separate index on id goes: one b-tree insert of a random key fewer per
-- message. ON CONFLICT (tenant_id, id) and the foreign key of message_contents match the key whatever its column
-- order. Rebuilding the key blocks writes to messages while it runs (the ingester waits, its events stay queued in
-- Redis); the foreign key is checked again once.
ALTER TABLE message_contents DROP CONSTRAINT message_contents_tenant_id_message_id_fkey;
ALTER TABLE messages DROP CONSTRAINT messages_pkey;
ALTER TABLE messages ADD PRIMARY KEY (id, tenant_id);
DROP INDEX IF EXISTS messages_id;
ALTER TABLE message_contents ADD FOREIGN KEY (tenant_id, message_id) REFERENCES messages (tenant_id, id) ON DELETE CASCADE;
