-- Sending IP pools (api.md §9): weighted source addresses with their EHLO names; tenants have a default and allowed pools.
CREATE TABLE ip_pools (
    name        text PRIMARY KEY,
    sources     jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenants ADD COLUMN default_ip_pool text REFERENCES ip_pools (name), ADD COLUMN allowed_ip_pools text[] NOT NULL DEFAULT '{}';
