-- Issue 32 §1: every API key carries a role ceiling (what its holder may do at most, as the panel's roles) and says
-- who made it: user:<id> (the panel), key:<id> (POST /v1/api-keys), operator (/v1/admin/tenants), cli (tenant create),
-- demo (make run); NULL for a key made before this migration whose maker the audit log no longer shows.
ALTER TABLE api_keys
    ADD COLUMN role       text CHECK (role IN ('owner', 'admin', 'developer', 'viewer')),
    ADD COLUMN created_by text CHECK (length(created_by) <= 100);

-- Keys the audit log shows being made (the panel and the API both record "POST /v1/api-keys" with "created=<id>").
UPDATE api_keys k SET created_by = a.actor
FROM audit_log a
WHERE a.tenant_id = k.tenant_id AND a.action = 'POST /v1/api-keys' AND a.object = 'created=' || k.id
  AND (a.actor LIKE 'user:%' OR a.actor LIKE 'key:%');

-- Made in the panel: at most the person's role today; a person since removed could make keys as a developer at least.
UPDATE api_keys k SET role = COALESCE(
        (SELECT u.role FROM panel_users u WHERE 'user:' || u.id = k.created_by AND u.tenant_id = k.tenant_id AND u.role IN ('owner', 'admin', 'developer', 'viewer')),
        'developer')
WHERE k.created_by LIKE 'user:%';

-- Every other key made before the ceiling existed keeps what it could do: owner (the operator's, the command line's,
-- the first key of each tenant, and keys whose making the log no longer shows).
UPDATE api_keys SET role = 'owner' WHERE role IS NULL;

-- Made by another key: at most that key's ceiling, down chains of keys (each pass only lowers; 20 links at most).
DO $$
BEGIN
    FOR i IN 1..20 LOOP
        UPDATE api_keys k SET role = p.role
        FROM api_keys p
        WHERE k.created_by = 'key:' || p.id AND p.tenant_id = k.tenant_id
          AND array_position(ARRAY['viewer', 'developer', 'admin', 'owner'], p.role) < array_position(ARRAY['viewer', 'developer', 'admin', 'owner'], k.role);
        EXIT WHEN NOT FOUND;
    END LOOP;
END $$;

ALTER TABLE api_keys ALTER COLUMN role SET NOT NULL;
