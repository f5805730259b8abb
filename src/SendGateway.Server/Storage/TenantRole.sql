-- Run at every start before the migrations (Storage/MigrationRunner): the role of migration 0025's row-level security
-- and its grants, which live outside the tables' own definition. A restored backup (pg_dump --no-owner
-- --no-privileges, Backups/BackupService) or a database copied into a new cluster keeps the policies but has neither
-- the role nor its grants; without them every tenant connection would be refused ("permission denied"). Tables the
-- migrations create afterwards get the grants from the default privileges. Idempotent.
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
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO sendgateway_tenant', current_schema());
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO sendgateway_tenant', current_schema());
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO sendgateway_tenant', current_schema());
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO sendgateway_tenant', current_schema());
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO sendgateway_tenant', current_schema());
END $$;
