-- Issue 35, T111: row-level security by tenant, a second wall behind every statement's own tenant filter. A statement
-- sent on a tenant connection (Storage/TenantDataSource: SET ROLE sendgateway_tenant and the setting
-- sendgateway.tenant_id) sees and changes only that tenant's rows, even if its WHERE forgot the tenant. The service's
-- own role keeps every row (the permissive policy service_all) for its cross-tenant work: delivery, event ingest,
-- retention, erasure, tenant deletion, the console. FORCE makes the tables' owner pass through the policies too, so
-- the policies are the whole story (a superuser and a BYPASSRLS role still skip them: the tenant role is neither).
-- tenant_wall names the role by current_user, not TO sendgateway_tenant: a policy's TO applies to every member of the
-- role, and the service's own login is one (it must be, to SET ROLE), so TO would wall in its cross-tenant work too.
--
-- sendgateway_tenant is a NOLOGIN role of the cluster, shared by every database of it: made here if the login may
-- make roles, else the operator makes it (docs/security.md, "Row-level security") and this stops the start saying so.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sendgateway_tenant') THEN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)) THEN
            RAISE EXCEPTION 'the role sendgateway_tenant does not exist and the role % may not create it', current_user
                USING HINT = format('As a superuser run: CREATE ROLE sendgateway_tenant NOLOGIN; GRANT sendgateway_tenant TO %I; then start SendGateway again.', current_user);
        END IF;
        BEGIN
            CREATE ROLE sendgateway_tenant NOLOGIN NOINHERIT;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- another database of the cluster made it at the same moment
        END;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'sendgateway_tenant' AND (rolsuper OR rolbypassrls OR rolcanlogin)) THEN
        RAISE EXCEPTION 'the role sendgateway_tenant may log in, is a superuser or bypasses row-level security: it must be none of these'
            USING HINT = 'ALTER ROLE sendgateway_tenant NOLOGIN NOSUPERUSER NOBYPASSRLS;';
    END IF;
    IF NOT pg_has_role(current_user, 'sendgateway_tenant', 'MEMBER') THEN
        BEGIN
            EXECUTE format('GRANT sendgateway_tenant TO %I', current_user);
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE EXCEPTION 'the role % is not a member of sendgateway_tenant and may not make itself one', current_user
                USING HINT = format('As a superuser run: GRANT sendgateway_tenant TO %I; then start SendGateway again.', current_user);
        END;
    END IF;
END $$;

DO $$
DECLARE
    tenant_table regclass;
    tenant_column name;
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO sendgateway_tenant', current_schema());
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO sendgateway_tenant', current_schema());
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO sendgateway_tenant', current_schema());
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO sendgateway_tenant', current_schema());
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO sendgateway_tenant', current_schema());
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
