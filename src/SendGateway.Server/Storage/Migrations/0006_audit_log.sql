-- Who did what to a tenant's resources and data, when, from where (api.md §5 /v1/audit-log). Append-only; each row's
-- hash covers the previous row's hash of the same tenant, so a changed or deleted row breaks the chain.
CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   text NOT NULL,
    at          timestamptz NOT NULL DEFAULT now(),
    actor       text NOT NULL,
    action      text NOT NULL,
    object      text,
    ip          text,
    purpose     text,
    hash        bytea NOT NULL
);
CREATE INDEX audit_log_tenant ON audit_log (tenant_id, id);
