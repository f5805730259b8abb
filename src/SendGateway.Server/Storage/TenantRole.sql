-- Run at every start after the migrations (Storage/MigrationRunner): the tenant role and its grants of migration 0025
-- again, because they live outside the tables' own definition. A restored backup (pg_dump --no-owner --no-privileges,
-- Backups/BackupService) or a database copied into a new cluster keeps its row-level security policies but has neither
-- the role nor its grants; without them every tenant connection would be refused ("permission denied"). Idempotent.
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
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO sendgateway_tenant', current_schema());
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO sendgateway_tenant', current_schema());
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO sendgateway_tenant', current_schema());
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO sendgateway_tenant', current_schema());
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO sendgateway_tenant', current_schema());
END $$;
