-- CareChain schema, PostgreSQL: Orleans cluster membership (Microsoft.Orleans.Clustering.AdoNet).
--
-- The membership protocol keeps one version row per cluster (@DeploymentId is the ClusterId).
-- Orleans reads the table together with that version, and every insert or update of a silo's
-- row must carry the version it read (@Version): the change is made, and the version
-- incremented, only if nobody changed the table since. Both happen in one statement, so either
-- both are made or neither is, and the statement answers with a single boolean column.
-- Reads always return at least the version row (LEFT JOIN), even for an empty cluster; Orleans
-- takes a row with a NULL StartTime as "no silo". Heartbeats (UpdateIAmAlivetimeKey) do not
-- change the version.
-- Orleans binds timestamps as UTC DateTime values, hence timestamptz.

CREATE TABLE IF NOT EXISTS orleans_membership_version
(
  cluster_id text        NOT NULL PRIMARY KEY,
  version    integer     NOT NULL DEFAULT 0,
  changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS orleans_membership
(
  cluster_id      text        NOT NULL REFERENCES orleans_membership_version (cluster_id),
  address         text        NOT NULL,
  port            integer     NOT NULL,
  generation      integer     NOT NULL,
  silo_name       text        NOT NULL,
  host_name       text        NOT NULL,
  status          integer     NOT NULL,
  proxy_port      integer     NOT NULL DEFAULT 0,
  -- Votes against this silo: "silo-address,utc-time" pairs separated by '|', as Orleans writes them.
  suspect_times   text        NULL,
  start_time      timestamptz NOT NULL,
  i_am_alive_time timestamptz NOT NULL,
  PRIMARY KEY (cluster_id, address, port, generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $q$
WITH created AS (
  INSERT INTO orleans_membership_version (cluster_id) VALUES (@DeploymentId)
  ON CONFLICT (cluster_id) DO NOTHING
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM created) AS "Created";
$q$),
-- The version row is locked by the UPDATE, so concurrent joiners are serialised: the second one
-- re-reads the version after the first commits and no longer matches.
('InsertMembershipKey', $q$
WITH bumped AS (
  UPDATE orleans_membership_version
  SET version = version + 1, changed_at = now()
  WHERE cluster_id = @DeploymentId
    AND version = @Version
    AND NOT EXISTS (SELECT 1 FROM orleans_membership m
                    WHERE m.cluster_id = @DeploymentId AND m.address = @Address
                      AND m.port = @Port AND m.generation = @Generation)
  RETURNING cluster_id
), inserted AS (
  INSERT INTO orleans_membership
    (cluster_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
  SELECT cluster_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
         @StartTime, @IAmAliveTime
  FROM bumped
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM inserted) AS "Inserted";
$q$),
('UpdateMembershipKey', $q$
WITH bumped AS (
  UPDATE orleans_membership_version
  SET version = version + 1, changed_at = now()
  WHERE cluster_id = @DeploymentId
    AND version = @Version
    AND EXISTS (SELECT 1 FROM orleans_membership m
                WHERE m.cluster_id = @DeploymentId AND m.address = @Address
                  AND m.port = @Port AND m.generation = @Generation)
  RETURNING cluster_id
), updated AS (
  UPDATE orleans_membership m
  SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
  FROM bumped b
  WHERE m.cluster_id = b.cluster_id AND m.address = @Address
    AND m.port = @Port AND m.generation = @Generation
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM updated) AS "Updated";
$q$),
('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_membership
SET i_am_alive_time = @IAmAliveTime
WHERE cluster_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;
$q$),
('MembershipReadRowKey', $q$
SELECT v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
       m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership_version v
LEFT JOIN orleans_membership m
  ON m.cluster_id = v.cluster_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.cluster_id = @DeploymentId;
$q$),
('MembershipReadAllKey', $q$
SELECT v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
       m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership_version v
LEFT JOIN orleans_membership m ON m.cluster_id = v.cluster_id
WHERE v.cluster_id = @DeploymentId;
$q$),
-- @Status is Active (3): the gateways a client may connect to.
('GatewaysQueryKey', $q$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
FROM orleans_membership
WHERE cluster_id = @DeploymentId AND status = @Status AND proxy_port > 0;
$q$),
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_membership WHERE cluster_id = @DeploymentId;
DELETE FROM orleans_membership_version WHERE cluster_id = @DeploymentId;
$q$),
-- Removes silos that are not Active and have not sent a heartbeat since @IAmAliveTime.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_membership
WHERE cluster_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status <> 3;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
