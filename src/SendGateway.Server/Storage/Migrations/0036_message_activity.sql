-- Activity by message (issue 39 §2): the panel lists messages, not events, with each one's subject and its opens and
-- clicks by people, searchable by recipient and subject.
-- The subject is personal data: kept unless the tenant turns keep_subjects off, blanked when the message is anonymised,
-- deleted with the row (retention, erasure, tenant deletion). It is written once, by the message's first event
-- (injected, or dropped at accept); the ingester never changes it afterwards, so status updates stay HOT (0020).
ALTER TABLE tenant_settings ADD COLUMN keep_subjects boolean NOT NULL DEFAULT true;
ALTER TABLE messages ADD COLUMN subject text,
                     ADD COLUMN opens integer NOT NULL DEFAULT 0,
                     ADD COLUMN clicks integer NOT NULL DEFAULT 0;

-- Opens and clicks so far, by people (machine IS NOT TRUE), as the ingester counts them from now on.
UPDATE messages m SET opens = c.opens, clicks = c.clicks
FROM (SELECT tenant_id, message_id,
             count(*) FILTER (WHERE type = 'open' AND machine IS NOT TRUE) AS opens,
             count(*) FILTER (WHERE type = 'click' AND machine IS NOT TRUE) AS clicks
      FROM events WHERE type IN ('open', 'click') GROUP BY tenant_id, message_id) c
WHERE m.tenant_id = c.tenant_id AND m.id = c.message_id AND (c.opens > 0 OR c.clicks > 0);

-- A recipient's messages newest first (the search, and erasure's lookup by address, which scanned the tenant's rows).
CREATE INDEX IF NOT EXISTS messages_tenant_recipient ON messages (tenant_id, lower(recipient), accepted_at);
CREATE INDEX IF NOT EXISTS messages_tenant_recipient_hash ON messages (tenant_id, recipient_hash, accepted_at) WHERE recipient_hash IS NOT NULL;
-- Subject search by words (PostgreSQL's own full-text search, the 'simple' configuration: no stemming, any language).
CREATE INDEX IF NOT EXISTS messages_subject_words ON messages USING gin (to_tsvector('simple', subject)) WHERE subject IS NOT NULL;
