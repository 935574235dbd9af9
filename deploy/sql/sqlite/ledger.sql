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
