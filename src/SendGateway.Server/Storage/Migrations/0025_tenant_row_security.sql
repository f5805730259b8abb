-- reliability.md T111: row-level security by tenant, a second wall behind every statement's own tenant filter. A statement
-- sent on a tenant connection (Storage/TenantDataSource: SET ROLE sendgateway_tenant and the setting
-- sendgateway.tenant_id) sees and changes only that tenant's rows, even if its WHERE forgot the tenant. The service's
-- own role keeps every row (the permissive policy service_all) for its cross-tenant work: delivery, event ingest,
-- retention, erasure, tenant deletion, the console. FORCE makes the tables' owner pass through the policies too, so
-- the policies are the whole story (a superuser and a BYPASSRLS role still skip them: the tenant role is neither).
-- tenant_wall names the role by current_user, not TO sendgateway_tenant: a policy's TO applies to every member of the
-- role, and the service's own login is one (it must be, to SET ROLE), so TO would wall in its cross-tenant work too.
--
-- The role sendgateway_tenant, the service login's membership and the role's grants are made sure of by
-- Storage/TenantRole.sql, which the migration runner runs at every start before the migrations (a restored backup
-- keeps these policies but not the role's grants).

DO $$
DECLARE
    tenant_table regclass;
    tenant_column name;
BEGIN
    -- Every table with a tenant column, and tenants itself by its id. A later table with a tenant column needs the same
    -- three statements (RowLevelSecurityTests.EveryTableWithATenantColumnHasItsRowSecurityForcedAndBothPolicies).
    FOR tenant_table, tenant_column IN
        SELECT c.oid::regclass, a.attname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
        WHERE c.relkind IN ('r', 'p') AND c.relnamespace = current_schema()::regnamespace AND NOT a.attisdropped
          AND (a.attname = 'tenant_id' OR (c.relname = 'tenants' AND a.attname = 'id'))
    LOOP
        EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', tenant_table);
        EXECUTE format('CREATE POLICY service_all ON %s AS PERMISSIVE FOR ALL TO PUBLIC USING (true) WITH CHECK (true)', tenant_table);
        EXECUTE format(
            'CREATE POLICY tenant_wall ON %s AS RESTRICTIVE FOR ALL TO PUBLIC USING (current_user <> ''sendgateway_tenant'' OR %I = current_setting(''sendgateway.tenant_id'', true)) WITH CHECK (current_user <> ''sendgateway_tenant'' OR %I = current_setting(''sendgateway.tenant_id'', true))',
            tenant_table, tenant_column, tenant_column);
    END LOOP;
END $$;
