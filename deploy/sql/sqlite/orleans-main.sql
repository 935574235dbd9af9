-- CareChain schema, SQLite, part 1 of the Orleans tables: the query registry.
--
-- The Orleans ADO.NET providers (persistence, reminders) hold no SQL of their own: at start-up
-- each one runs "SELECT QueryKey, QueryText FROM OrleansQuery" and looks its statements up by
-- key. The table and column names are therefore fixed by Orleans; everything else in the
-- CareChain scripts is named by CareChain.
--
-- Every script here is idempotent: tables are created only when missing and query rows are
-- upserted, so the server can apply the scripts on every start.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
  QueryKey  TEXT NOT NULL PRIMARY KEY,
  QueryText TEXT NOT NULL
);
