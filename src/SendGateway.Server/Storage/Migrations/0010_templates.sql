-- Stored templates (api.md §5, /v1/templates): a template or layout per tenant slug, with immutable numbered versions.
CREATE TABLE templates (
    tenant_id       text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id              text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('template', 'layout')),
    name            text NOT NULL,
    active_version  integer NOT NULL,
    latest_version  integer NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE template_versions (
    tenant_id       text NOT NULL,
    template_id     text NOT NULL,
    version         integer NOT NULL,
    subject         text,
    html            text,
    text            text,
    layout_id       text,
    inline_css      boolean NOT NULL DEFAULT false,
    auto_text       boolean NOT NULL DEFAULT true,
    text_generated  boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, template_id, version),
    FOREIGN KEY (tenant_id, template_id) REFERENCES templates (tenant_id, id) ON DELETE CASCADE
);
