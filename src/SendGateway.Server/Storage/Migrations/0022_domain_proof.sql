-- Issue 31 §1: a domain sends only once proven. How it was verified (dns: its DKIM record found; operator: the
-- command line's override), when, the re-check's state, and when a pending claim was made (it expires).
ALTER TABLE domains
    ADD COLUMN verified_by     text CHECK (verified_by IN ('dns', 'operator')),
    ADD COLUMN verified_at     timestamptz,
    ADD COLUMN checked_at      timestamptz,
    ADD COLUMN missing_checks  integer NOT NULL DEFAULT 0,
    ADD COLUMN unverified_at   timestamptz,
    ADD COLUMN claimed_at      timestamptz NOT NULL DEFAULT now();

-- Domains verified today stay verified; unverified ones stop sending until verified (their claim counts from now).
UPDATE domains SET verified_by = 'dns', verified_at = now(), checked_at = now() WHERE verified;

-- One tenant holds a verified name: where several did, the first to have added it keeps it.
UPDATE domains d SET verified = false, tracking_verified = false, verified_by = NULL, verified_at = NULL, checked_at = NULL
WHERE d.verified AND EXISTS (
    SELECT 1 FROM domains o WHERE o.name = d.name AND o.verified AND (o.created_at, o.tenant_id) < (d.created_at, d.tenant_id));

CREATE UNIQUE INDEX domains_verified_name ON domains (name) WHERE verified;
CREATE INDEX domains_recheck ON domains (checked_at) WHERE verified AND verified_by = 'dns';
CREATE INDEX domains_pending ON domains (claimed_at) WHERE NOT verified AND verified_at IS NULL;
