-- CareChain schema, SQLite: Orleans reminders (Microsoft.Orleans.Reminders.AdoNet), so that
-- durable schedules of the embedded node survive a restart.
--
-- Contract: rows are identified by @ServiceId, @GrainId, @ReminderName. @GrainHash is the grain's
-- uniform hash as a signed 32-bit integer; a silo reads the reminders of its ring range with
-- ReadRangeRows1Key (BeginHash < hash <= EndHash) or, when the range wraps around in signed
-- order, ReadRangeRows2Key (hash > BeginHash OR hash <= EndHash). Orleans reads the columns
-- GrainId, ReminderName, StartTime, Period (milliseconds) and Version (the ETag).
-- Timestamps are stored as the text Microsoft.Data.Sqlite writes for a DateTime (UTC).

CREATE TABLE IF NOT EXISTS orleans_reminders
(
  service_id    TEXT    NOT NULL,
  grain_id      TEXT    NOT NULL,
  reminder_name TEXT    NOT NULL,
  start_time    TEXT    NOT NULL,
  period_ms     INTEGER NOT NULL,
  grain_hash    INTEGER NOT NULL,
  version       INTEGER NOT NULL,
  PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX IF NOT EXISTS ix_orleans_reminders_ring ON orleans_reminders (service_id, grain_hash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpsertReminderRowKey', '
INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET start_time = excluded.start_time,
    period_ms = excluded.period_ms,
    grain_hash = excluded.grain_hash,
    version = orleans_reminders.version + 1
RETURNING version AS Version;
'),
('ReadReminderRowsKey', '
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime,
       period_ms AS Period, version AS Version
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId;
'),
('ReadReminderRowKey', '
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime,
       period_ms AS Period, version AS Version
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName;
'),
('ReadRangeRows1Key', '
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime,
       period_ms AS Period, version AS Version
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash;
'),
('ReadRangeRows2Key', '
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime,
       period_ms AS Period, version AS Version
FROM orleans_reminders
WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);
'),
-- Orleans expects exactly one column that converts to a boolean: was the row deleted?
('DeleteReminderRowKey', '
DELETE FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
  AND version = @Version;
SELECT changes() > 0 AS Deleted;
'),
('DeleteReminderRowsKey', '
DELETE FROM orleans_reminders WHERE service_id = @ServiceId;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
