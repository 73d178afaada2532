-- Run once by the postgres image on an empty data volume (/docker-entrypoint-initdb.d).
-- One database per service on one server (ARCHITECTURE.md §4). scripts/infra.mjs creates the same
-- databases on a non-Docker server.
CREATE DATABASE cp_intake;
CREATE DATABASE cp_casework;
CREATE DATABASE cp_reporting;
