-- CareChain schema, PostgreSQL: the ledger, in the same database as the Orleans tables.
--
-- The ledger is append-only, and the database enforces it: a trigger function refuses every
-- UPDATE and DELETE of an entry, a checkpoint or an audit index row, and a statement trigger
-- refuses TRUNCATE, whoever issues them. Only the tables' owner (or a superuser) can disable or
-- drop these triggers, so a deployment should create the schema as an owner role and run the
-- service as a separate role that owns nothing and may only read and append, for example:
--
--   CREATE ROLE carechain_app LOGIN PASSWORD '...';
--   GRANT USAGE ON SCHEMA public TO carechain_app;
--   GRANT SELECT, INSERT ON ledger_entries, ledger_checkpoints TO carechain_app;
--   GRANT SELECT, INSERT ON ledger_audit_index, ledger_audit_resources TO carechain_app;
--   GRANT SELECT, INSERT, DELETE ON pseudonym_directory TO carechain_app;
--   GRANT SELECT, INSERT, DELETE ON patient_data_keys, sealed_details TO carechain_app;
--   GRANT SELECT, INSERT, UPDATE ON ledger_meta TO carechain_app;
--   GRANT SELECT, INSERT, UPDATE ON carechain_schema TO carechain_app;
--   -- plus the Orleans grants listed in orleans-main.sql
--
-- With no UPDATE, DELETE or TRUNCATE privilege and no ownership, the service cannot change
-- history even if the triggers were gone. Apply the scripts once as the owner (the server records
-- each applied script and its SHA-256 in carechain_schema and skips unchanged ones), or set
-- Storage:ApplySchema=false so the service only checks that they were applied.

-- body is the entry's RFC 8785 canonical JSON; entry_hash the 32-byte SHA-256 chain hash.
CREATE TABLE IF NOT EXISTS ledger_entries
(
  shard      integer NOT NULL CHECK (shard >= 0),
  seq        bigint  NOT NULL CHECK (seq >= 0),
  body       bytea   NOT NULL,
  entry_hash bytea   NOT NULL CHECK (octet_length(entry_hash) = 32),
  PRIMARY KEY (shard, seq)
);

CREATE TABLE IF NOT EXISTS ledger_checkpoints
(
  number     bigint NOT NULL PRIMARY KEY CHECK (number >= 0),
  body       bytea  NOT NULL,
  signature  bytea  NOT NULL,
  key_id     text   NOT NULL,
  public_key bytea  NOT NULL
);

-- Small settings the ledger pins on first use (for example its shard count); these may change.
CREATE TABLE IF NOT EXISTS ledger_meta
(
  name  text NOT NULL PRIMARY KEY,
  value text NOT NULL
);

-- The audit index: one row per entry, written in the same transaction as the entry, so that
-- audits can be searched by patient, actor, resource and time without decoding every body. It
-- holds only values copied from the entries (pseudonyms, tokens, the time in unix milliseconds),
-- so it is as append-only as they are.
CREATE TABLE IF NOT EXISTS ledger_audit_index
(
  shard   integer NOT NULL CHECK (shard >= 0),
  seq     bigint  NOT NULL CHECK (seq >= 0),
  time    bigint  NOT NULL,
  action  text    NOT NULL,
  outcome text    NOT NULL,
  actor   text    NULL,
  patient text    NULL,
  purpose text    NULL,
  PRIMARY KEY (shard, seq)
);

CREATE INDEX IF NOT EXISTS ledger_audit_index_patient_time ON ledger_audit_index (patient, time);
CREATE INDEX IF NOT EXISTS ledger_audit_index_actor_time ON ledger_audit_index (actor, time);
CREATE INDEX IF NOT EXISTS ledger_audit_index_time ON ledger_audit_index (time);

-- One row per distinct resource pseudonym of an entry.
CREATE TABLE IF NOT EXISTS ledger_audit_resources
(
  resource text    NOT NULL,
  shard    integer NOT NULL CHECK (shard >= 0),
  seq      bigint  NOT NULL CHECK (seq >= 0),
  PRIMARY KEY (resource, shard, seq)
);

-- Which reference a pseudonym stands for, so the audit view can show "Patient/123" to those
-- allowed to see it. Unlike the ledger this table is erasable: deleting a row (right to erasure)
-- leaves the ledger's pseudonyms intact but unreadable.
CREATE TABLE IF NOT EXISTS pseudonym_directory
(
  pseudonym text NOT NULL PRIMARY KEY,
  reference text NOT NULL
);

-- Erasable details of ledger entries (crypto-shredding). A detail, such as a break-the-glass
-- justification, is sealed (AES-256-GCM) under its patient's data key; the entry commits to the
-- SHA-256 of the sealed bytes. Each data key is stored only wrapped under the configured details
-- key. Deleting a patient's row in patient_data_keys erases all their details and leaves every
-- ledger entry and proof intact.
CREATE TABLE IF NOT EXISTS patient_data_keys
(
  patient text NOT NULL PRIMARY KEY,
  wrapped bytea NOT NULL
);

CREATE TABLE IF NOT EXISTS sealed_details
(
  digest  text NOT NULL PRIMARY KEY,
  patient text NOT NULL,
  sealed  bytea NOT NULL
);

CREATE INDEX IF NOT EXISTS sealed_details_patient ON sealed_details (patient);

-- SQLSTATE 23001 (restrict_violation): an integrity rule, not a transient failure, so callers
-- must not retry it.
CREATE OR REPLACE FUNCTION carechain_ledger_append_only() RETURNS trigger
LANGUAGE plpgsql AS $f$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$f$;

-- CREATE TRIGGER has no IF NOT EXISTS before PostgreSQL 14, so look the triggers up.
DO $d$
DECLARE
  ledger_table text;
BEGIN
  FOREACH ledger_table IN ARRAY ARRAY['ledger_entries', 'ledger_checkpoints', 'ledger_audit_index', 'ledger_audit_resources'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                   WHERE tgrelid = ledger_table::regclass AND tgname = ledger_table || '_no_change') THEN
      EXECUTE format(
        'CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION carechain_ledger_append_only()',
        ledger_table || '_no_change', ledger_table);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                   WHERE tgrelid = ledger_table::regclass AND tgname = ledger_table || '_no_truncate') THEN
      EXECUTE format(
        'CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION carechain_ledger_append_only()',
        ledger_table || '_no_truncate', ledger_table);
    END IF;
  END LOOP;
END;
$d$;
