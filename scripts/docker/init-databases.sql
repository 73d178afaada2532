-- Run once by the postgres image on an empty data volume (/docker-entrypoint-initdb.d).
-- One database per service on one server (ARCHITECTURE.md §4). scripts/infra.mjs creates the same
-- databases on a non-Docker server.
CREATE DATABASE cp_intake;
CREATE DATABASE cp_casework;
CREATE DATABASE cp_reporting;
-- The role the services work as (DATABASE_URL): it may not update or delete the event store; the
-- services migrate as postgres (MIGRATION_DATABASE_URL) and grant it what it may do. Its password is
-- published: development only (docs/audit-integrity.md, "Database roles").
CREATE ROLE cp_app LOGIN PASSWORD 'cp_app' NOSUPERUSER NOCREATEDB NOCREATEROLE;
