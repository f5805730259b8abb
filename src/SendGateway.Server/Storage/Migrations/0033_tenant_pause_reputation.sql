-- The reputation guard: a tenant may be paused (by the guard when its complaint or hard-bounce rate crosses a pause line,
-- or by an operator): its mail is accepted and held, not attempted, until an operator resumes it. paused_reason says
-- why (the rate that crossed, or "operator"). reputation_warning is the warning in effect (a rate over a warn line),
-- cleared when the rates are back under it, so each crossing warns once. The four rates override the guard's options
-- for this tenant (NULL: the option). Pausing is not suspending: suspended stays as it was (new mail refused).
ALTER TABLE tenants ADD COLUMN paused_at timestamptz;
ALTER TABLE tenants ADD COLUMN paused_reason text;
ALTER TABLE tenants ADD COLUMN reputation_warning text;
ALTER TABLE tenants ADD COLUMN reputation_warned_at timestamptz;
ALTER TABLE tenants ADD COLUMN warn_complaint_rate double precision;
ALTER TABLE tenants ADD COLUMN pause_complaint_rate double precision;
ALTER TABLE tenants ADD COLUMN warn_hard_bounce_rate double precision;
ALTER TABLE tenants ADD COLUMN pause_hard_bounce_rate double precision;
-- Every node reads the paused ids about once a second.
CREATE INDEX tenants_paused ON tenants (id) WHERE paused_at IS NOT NULL;
