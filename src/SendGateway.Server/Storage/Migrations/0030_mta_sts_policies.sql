-- Recipient domains' MTA-STS policies (RFC 8461), shared by every node and kept across restarts: a policy is used
-- until expires_at (fetched_at + max_age) and fetched again when the domain's TXT id changes. Global, not per tenant:
-- it describes recipient domains, not a tenant's data. A domain whose fetch failed before any policy was stored has
-- only last_error and last_error_at.
CREATE TABLE mta_sts_policies (
    domain        text PRIMARY KEY,
    id            text,
    mode          text CHECK (mode IN ('enforce', 'testing', 'none')),
    mx            text[] NOT NULL DEFAULT '{}',
    max_age       bigint,
    text          text,
    fetched_at    timestamptz,
    expires_at    timestamptz,
    last_error    text,
    last_error_at timestamptz
);
