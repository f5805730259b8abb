-- Operator-set sending quotas per tenant (recipients accepted per clock hour / UTC day); null = unlimited.
ALTER TABLE tenants ADD COLUMN hourly_quota integer, ADD COLUMN daily_quota integer;
