-- Per-key source restrictions (api.md §5 /v1/api-keys): CIDRs or addresses; empty = any source.
ALTER TABLE api_keys ADD COLUMN allowed_ips text[] NOT NULL DEFAULT '{}';
