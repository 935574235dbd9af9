-- CareChain schema, PostgreSQL: Orleans grain state (Microsoft.Orleans.Persistence.AdoNet).
--
-- Contract (parameters Orleans binds, columns it reads):
--   @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString identify a row.
--   Since Orleans 7 "GrainTypeString" carries the *state name* ([PersistentState("name")]), not the
--   grain class, so two grain classes that share a key and a state name share a row: give every
--   persistent state a name unique across grain classes.
--   @GrainTypeHash and @GrainIdHash are hashes of those values; they are stored for diagnosis but
--   not used to find rows, so a change of hash function cannot hide existing state.
--   ReadFromStorageKey returns PayloadBinary and Version (no row: no state).
--   Write/Clear/Delete return one row with one column, the new version. Orleans treats NULL, or a
--   value equal to the version it sent, as a conflict (InconsistentStateException): that is how
--   a second activation of the same grain is caught. "SELECT (SELECT ... FROM cte)" always yields
--   exactly one row, NULL when nothing was written.

CREATE TABLE IF NOT EXISTS orleans_grain_state
(
  service_id      text        NOT NULL,
  state_name      text        NOT NULL,
  key_n0          bigint      NOT NULL,
  key_n1          bigint      NOT NULL,
  -- The string key, or the key extension of an integer/GUID key; '' when there is none, because
  -- NULLs would never be equal in the primary key.
  key_string      text        NOT NULL,
  state_name_hash integer     NOT NULL,
  key_hash        integer     NOT NULL,
  payload         bytea       NULL,
  version         integer     NOT NULL,
  modified_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (service_id, state_name, key_n0, key_n1, key_string)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $q$
SELECT payload AS "PayloadBinary", version AS "Version"
FROM orleans_grain_state
WHERE service_id = @ServiceId
  AND state_name = @GrainTypeString
  AND key_n0 = @GrainIdN0
  AND key_n1 = @GrainIdN1
  AND key_string = COALESCE(@GrainIdExtensionString, '');
$q$),
-- One statement decides insert versus update, so a concurrent writer either waits on the
-- primary key or loses the version check:
--   no version sent  -> insert version 1; an existing row is a conflict (the DO UPDATE is skipped);
--   version sent     -> update only if the stored version matches, and never resurrect a deleted row.
('WriteToStorageKey', $q$
WITH written AS (
  INSERT INTO orleans_grain_state AS s
    (service_id, state_name, key_n0, key_n1, key_string, state_name_hash, key_hash, payload, version, modified_at)
  SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''),
         @GrainTypeHash, @GrainIdHash, @PayloadBinary, 1, now()
  WHERE @GrainStateVersion IS NULL
     OR EXISTS (SELECT 1 FROM orleans_grain_state e
                WHERE e.service_id = @ServiceId
                  AND e.state_name = @GrainTypeString
                  AND e.key_n0 = @GrainIdN0
                  AND e.key_n1 = @GrainIdN1
                  AND e.key_string = COALESCE(@GrainIdExtensionString, ''))
  ON CONFLICT (service_id, state_name, key_n0, key_n1, key_string) DO UPDATE
  SET payload = excluded.payload,
      version = s.version + 1,
      state_name_hash = excluded.state_name_hash,
      key_hash = excluded.key_hash,
      modified_at = excluded.modified_at
  WHERE @GrainStateVersion IS NOT NULL
    AND s.version = @GrainStateVersion
  RETURNING s.version
)
SELECT (SELECT version FROM written) AS "NewGrainStateVersion";
$q$),
-- Clearing keeps the row (payload NULL) so the version keeps counting and a stale writer still
-- conflicts.
('ClearStorageKey', $q$
WITH cleared AS (
  UPDATE orleans_grain_state
  SET payload = NULL, version = version + 1, modified_at = now()
  WHERE service_id = @ServiceId
    AND state_name = @GrainTypeString
    AND key_n0 = @GrainIdN0
    AND key_n1 = @GrainIdN1
    AND key_string = COALESCE(@GrainIdExtensionString, '')
    AND version = @GrainStateVersion
  RETURNING version
)
SELECT (SELECT version FROM cleared) AS "NewGrainStateVersion";
$q$),
-- Used instead of ClearStorageKey when a provider sets DeleteStateOnClear. Any value other than
-- the sent version means success; Orleans then forgets the ETag.
('DeleteStorageKey', $q$
WITH deleted AS (
  DELETE FROM orleans_grain_state
  WHERE service_id = @ServiceId
    AND state_name = @GrainTypeString
    AND key_n0 = @GrainIdN0
    AND key_n1 = @GrainIdN1
    AND key_string = COALESCE(@GrainIdExtensionString, '')
    AND version = @GrainStateVersion
  RETURNING version
)
SELECT (SELECT version + 1 FROM deleted) AS "NewGrainStateVersion";
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
