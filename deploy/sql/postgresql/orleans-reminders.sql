-- CareChain schema, PostgreSQL: Orleans reminders (Microsoft.Orleans.Reminders.AdoNet).
--
-- Contract: rows are identified by @ServiceId, @GrainId, @ReminderName. @GrainHash is the grain's
-- uniform hash as a signed 32-bit integer; a silo reads the reminders of its ring range with
-- ReadRangeRows1Key (BeginHash < hash <= EndHash) or, when the range wraps around in signed
-- order, ReadRangeRows2Key (hash > BeginHash OR hash <= EndHash). Orleans reads the columns
-- GrainId, ReminderName, StartTime, Period (milliseconds) and Version (the ETag). @Period arrives
-- as an int or a bigint depending on its size, so the column is bigint.

CREATE TABLE IF NOT EXISTS orleans_reminders
(
  service_id    text        NOT NULL,
  grain_id      text        NOT NULL,
  reminder_name text        NOT NULL,
  start_time    timestamptz NOT NULL,
  period_ms     bigint      NOT NULL,
  grain_hash    integer     NOT NULL,
  version       integer     NOT NULL,
  PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX IF NOT EXISTS ix_orleans_reminders_ring ON orleans_reminders (service_id, grain_hash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpsertReminderRowKey', $q$
INSERT INTO orleans_reminders AS r
  (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET start_time = excluded.start_time,
    period_ms = excluded.period_ms,
    grain_hash = excluded.grain_hash,
    version = r.version + 1
RETURNING r.version AS "Version";
$q$),
('ReadReminderRowsKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId;
$q$),
('ReadReminderRowKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName;
$q$),
('ReadRangeRows1Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash;
$q$),
('ReadRangeRows2Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);
$q$),
-- Orleans expects exactly one column that converts to a boolean: was the row deleted?
('DeleteReminderRowKey', $q$
WITH deleted AS (
  DELETE FROM orleans_reminders
  WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
    AND version = @Version
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM deleted) AS "Deleted";
$q$),
('DeleteReminderRowsKey', $q$
DELETE FROM orleans_reminders WHERE service_id = @ServiceId;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
