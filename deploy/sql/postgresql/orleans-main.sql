-- CareChain schema, PostgreSQL, part 1 of the Orleans tables: the query registry.
--
-- The Orleans ADO.NET providers (clustering, persistence, reminders) hold no SQL of their own:
-- at start-up each one runs "SELECT QueryKey, QueryText FROM OrleansQuery" and looks its
-- statements up by key. Unquoted, the names fold to lower case, which is what that statement
-- asks for. Everything else in the CareChain scripts is named by CareChain.
--
-- Every script here is idempotent: objects are created only when missing and query rows are
-- upserted, so the server can apply the scripts on every start.
--
-- Deployment: create the objects with an owner role and run the service as a role that is not
-- the owner (see ledger.sql for the grants). The service needs, on the Orleans tables:
--   GRANT SELECT ON OrleansQuery TO carechain_app;
--   GRANT SELECT, INSERT, UPDATE, DELETE ON orleans_grain_state, orleans_reminders,
--         orleans_membership, orleans_membership_version TO carechain_app;

CREATE TABLE IF NOT EXISTS OrleansQuery
(
  QueryKey  varchar(64) NOT NULL PRIMARY KEY,
  QueryText text        NOT NULL
);
