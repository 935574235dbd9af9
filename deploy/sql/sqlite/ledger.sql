-- CareChain schema, SQLite: the ledger. In the embedded node these tables live in their own
-- file (ledger.db), apart from the Orleans state in orleans.db, so that grain-state writes and
-- ledger appends never wait on one another's write lock.
--
-- The ledger is append-only, and the database enforces it: the triggers below abort any UPDATE
-- or DELETE of an entry or a checkpoint, whoever issues it. (SQLite has no TRUNCATE; its
-- "truncate optimisation" of an unqualified DELETE is disabled by the presence of a DELETE
-- trigger.)

-- body is the entry's RFC 8785 canonical JSON; entry_hash the 32-byte SHA-256 chain hash.
CREATE TABLE IF NOT EXISTS ledger_entries
(
  shard      INTEGER NOT NULL CHECK (shard >= 0),
  seq        INTEGER NOT NULL CHECK (seq >= 0),
  body       BLOB    NOT NULL CHECK (typeof(body) = 'blob'),
  entry_hash BLOB    NOT NULL CHECK (typeof(entry_hash) = 'blob' AND length(entry_hash) = 32),
  PRIMARY KEY (shard, seq)
);

CREATE TABLE IF NOT EXISTS ledger_checkpoints
(
  number     INTEGER NOT NULL PRIMARY KEY CHECK (number >= 0),
  body       BLOB    NOT NULL CHECK (typeof(body) = 'blob'),
  signature  BLOB    NOT NULL CHECK (typeof(signature) = 'blob'),
  key_id     TEXT    NOT NULL,
  public_key BLOB    NOT NULL CHECK (typeof(public_key) = 'blob')
);

-- Small settings the ledger pins on first use (for example its shard count); these may change.
CREATE TABLE IF NOT EXISTS ledger_meta
(
  name  TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TRIGGER IF NOT EXISTS ledger_entries_no_update
BEFORE UPDATE ON ledger_entries
BEGIN
  SELECT RAISE(ABORT, 'ledger_entries is append-only: UPDATE is not allowed');
END;

CREATE TRIGGER IF NOT EXISTS ledger_entries_no_delete
BEFORE DELETE ON ledger_entries
BEGIN
  SELECT RAISE(ABORT, 'ledger_entries is append-only: DELETE is not allowed');
END;

CREATE TRIGGER IF NOT EXISTS ledger_checkpoints_no_update
BEFORE UPDATE ON ledger_checkpoints
BEGIN
  SELECT RAISE(ABORT, 'ledger_checkpoints is append-only: UPDATE is not allowed');
END;

CREATE TRIGGER IF NOT EXISTS ledger_checkpoints_no_delete
BEFORE DELETE ON ledger_checkpoints
BEGIN
  SELECT RAISE(ABORT, 'ledger_checkpoints is append-only: DELETE is not allowed');
END;

-- The audit index: one row per entry, written in the same transaction as the entry, so that
-- audits can be searched by patient, actor, resource and time without decoding every body. It
-- holds only values copied from the entries (pseudonyms, tokens, the time in unix milliseconds),
-- so it is as append-only as they are.
CREATE TABLE IF NOT EXISTS ledger_audit_index
(
  shard   INTEGER NOT NULL CHECK (shard >= 0),
  seq     INTEGER NOT NULL CHECK (seq >= 0),
  time    INTEGER NOT NULL,
  action  TEXT    NOT NULL,
  outcome TEXT    NOT NULL,
  actor   TEXT    NULL,
  patient TEXT    NULL,
  purpose TEXT    NULL,
  PRIMARY KEY (shard, seq)
);

CREATE INDEX IF NOT EXISTS ledger_audit_index_patient_time ON ledger_audit_index (patient, time);
CREATE INDEX IF NOT EXISTS ledger_audit_index_actor_time ON ledger_audit_index (actor, time);
CREATE INDEX IF NOT EXISTS ledger_audit_index_time ON ledger_audit_index (time);

-- One row per distinct resource pseudonym of an entry.
CREATE TABLE IF NOT EXISTS ledger_audit_resources
(
  resource TEXT    NOT NULL,
  shard    INTEGER NOT NULL CHECK (shard >= 0),
  seq      INTEGER NOT NULL CHECK (seq >= 0),
  PRIMARY KEY (resource, shard, seq)
) WITHOUT ROWID;

CREATE TRIGGER IF NOT EXISTS ledger_audit_index_no_update
BEFORE UPDATE ON ledger_audit_index
BEGIN
  SELECT RAISE(ABORT, 'ledger_audit_index is append-only: UPDATE is not allowed');
END;

CREATE TRIGGER IF NOT EXISTS ledger_audit_index_no_delete
BEFORE DELETE ON ledger_audit_index
BEGIN
  SELECT RAISE(ABORT, 'ledger_audit_index is append-only: DELETE is not allowed');
END;

CREATE TRIGGER IF NOT EXISTS ledger_audit_resources_no_update
BEFORE UPDATE ON ledger_audit_resources
BEGIN
  SELECT RAISE(ABORT, 'ledger_audit_resources is append-only: UPDATE is not allowed');
END;

CREATE TRIGGER IF NOT EXISTS ledger_audit_resources_no_delete
BEFORE DELETE ON ledger_audit_resources
BEGIN
  SELECT RAISE(ABORT, 'ledger_audit_resources is append-only: DELETE is not allowed');
END;

-- Which reference a pseudonym stands for, so the audit view can show "Patient/123" to those
-- allowed to see it. Unlike the ledger this table is erasable: deleting a row (right to erasure)
-- leaves the ledger's pseudonyms intact but unreadable.
CREATE TABLE IF NOT EXISTS pseudonym_directory
(
  pseudonym TEXT NOT NULL PRIMARY KEY,
  reference TEXT NOT NULL
) WITHOUT ROWID;

-- Erasable details of ledger entries (crypto-shredding). A detail, such as a break-the-glass
-- justification, is sealed (AES-256-GCM) under its patient's data key; the entry commits to the
-- SHA-256 of the sealed bytes. Each data key is stored only wrapped under the configured details
-- key. Deleting a patient's row in patient_data_keys erases all their details and leaves every
-- ledger entry and proof intact.
CREATE TABLE IF NOT EXISTS patient_data_keys
(
  patient TEXT NOT NULL PRIMARY KEY,
  wrapped BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS sealed_details
(
  digest  TEXT NOT NULL PRIMARY KEY,
  patient TEXT NOT NULL,
  sealed  BLOB NOT NULL
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS sealed_details_patient ON sealed_details (patient);
