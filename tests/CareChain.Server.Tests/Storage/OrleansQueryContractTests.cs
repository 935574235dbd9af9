using System.Data;
using System.Data.Common;
using System.Globalization;
using CareChain.Server.Storage;
using CareChain.Testing;

namespace CareChain.Server.Tests.Storage;

/// <summary>
/// Runs the stored Orleans queries the way the Orleans ADO.NET providers do (same parameter names
/// and DbTypes) and checks the answers the providers rely on: versions, conflicts, booleans.
/// </summary>
public sealed class OrleansQueryContractTests(PostgresServer postgres) : IAsyncDisposable
{
    private readonly TemporaryDirectory _folder = new();
    private StorageHarness? _storage;

    public async ValueTask DisposeAsync()
    {
        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }

        _folder.Dispose();
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task Grain_state_versions_advance_on_each_write_and_stale_writers_conflict(StorageProvider provider)
    {
        await using var connection = await OpenAsync(provider);
        var grain = new GrainRow("Patient/1");

        Assert.Null(await ReadStateAsync(connection, grain));
        Assert.Equal(1, await StateQueryAsync(connection, "WriteToStorageKey", grain, version: null, "v1"u8.ToArray()));
        Assert.Null(await StateQueryAsync(connection, "WriteToStorageKey", grain, version: null, "again"u8.ToArray()));
        Assert.Equal(2, await StateQueryAsync(connection, "WriteToStorageKey", grain, version: 1, "v2"u8.ToArray()));
        Assert.Null(await StateQueryAsync(connection, "WriteToStorageKey", grain, version: 1, "stale"u8.ToArray()));
        Assert.Equal(("v2", 2), await ReadStateAsync(connection, grain));
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task Cleared_state_keeps_its_version_and_deleted_state_is_not_resurrected(StorageProvider provider)
    {
        await using var connection = await OpenAsync(provider);
        var grain = new GrainRow("Patient/2");
        await StateQueryAsync(connection, "WriteToStorageKey", grain, version: null, "v1"u8.ToArray());

        Assert.Equal(2, await StateQueryAsync(connection, "ClearStorageKey", grain, version: 1));
        Assert.Equal((null, 2), await ReadStateAsync(connection, grain));
        Assert.Null(await StateQueryAsync(connection, "ClearStorageKey", grain, version: 1));
        Assert.Equal(3, await StateQueryAsync(connection, "WriteToStorageKey", grain, version: 2, "v3"u8.ToArray()));

        var deleted = await StateQueryAsync(connection, "DeleteStorageKey", grain, version: 3);
        Assert.NotNull(deleted);
        Assert.NotEqual(3, deleted);
        Assert.Null(await ReadStateAsync(connection, grain));
        Assert.Null(await StateQueryAsync(connection, "WriteToStorageKey", grain, version: 3, "ghost"u8.ToArray()));
        Assert.Equal(1, await StateQueryAsync(connection, "WriteToStorageKey", grain, version: null, "new"u8.ToArray()));
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task Grain_rows_are_told_apart_by_service_state_name_key_and_extension(StorageProvider provider)
    {
        await using var connection = await OpenAsync(provider);
        GrainRow[] grains =
        [
            new("Patient/3"),
            new("Patient/3", ServiceId: "other-service"),
            new("Patient/3", StateName: "other-state"),
            new(null, N1: 42),
            new("extension", N1: 42),
        ];

        foreach (var grain in grains)
        {
            Assert.Equal(1, await StateQueryAsync(connection, "WriteToStorageKey", grain, version: null, "x"u8.ToArray()));
        }
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task Reminder_rows_are_upserted_with_a_version_and_deleted_only_at_that_version(StorageProvider provider)
    {
        await using var connection = await OpenAsync(provider);

        Assert.Equal(0, await UpsertReminderAsync(connection, "grain-a", hash: -5));
        Assert.Equal(1, await UpsertReminderAsync(connection, "grain-a", hash: -5));
        Assert.Equal(0, await UpsertReminderAsync(connection, "grain-b", hash: 100));

        Assert.Equal(["grain-a"], await RangeAsync(connection, "ReadRangeRows1Key", begin: -10, end: 0));
        Assert.Equal(["grain-a", "grain-b"], await RangeAsync(connection, "ReadRangeRows2Key", begin: 50, end: -1));
        Assert.Equal(["grain-a | r | 1"], await ReminderRowsAsync(connection, "ReadReminderRowsKey", "grain-a"));
        Assert.Equal(["grain-a | r | 1"], await ReminderRowsAsync(connection, "ReadReminderRowKey", "grain-a"));
        Assert.False(await DeleteReminderAsync(connection, "grain-a", version: 0));
        Assert.True(await DeleteReminderAsync(connection, "grain-a", version: 1));
        Assert.Equal(["grain-b"], await RangeAsync(connection, "ReadRangeRows2Key", begin: 50, end: -1));

        await Sql.ExecuteAsync(connection, await QueryAsync(connection, "DeleteReminderRowsKey"), Service);
        Assert.Empty(await RangeAsync(connection, "ReadRangeRows2Key", begin: 50, end: -1));
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task The_query_registry_holds_every_key_the_providers_of_Orleans_10_read(StorageProvider provider)
    {
        string[] persistence = ["ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey"];
        string[] reminders =
        [
            "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
            "UpsertReminderRowKey", "DeleteReminderRowKey", "DeleteReminderRowsKey",
        ];
        string[] clustering =
        [
            "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
            "MembershipReadRowKey", "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
            "CleanupDefunctSiloEntriesKey",
        ];
        await using var connection = await OpenAsync(provider);

        var keys = await Sql.RowsAsync(connection, "SELECT QueryKey FROM OrleansQuery");

        string[] expected = provider == StorageProvider.Postgres ? [.. persistence, .. reminders, .. clustering] : [.. persistence, .. reminders];
        Assert.Equal(expected.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Membership_changes_succeed_only_against_the_current_table_version()
    {
        await using var connection = await OpenAsync(StorageProvider.Postgres);

        Assert.True(await MembershipAsync<bool>(connection, "InsertMembershipVersionKey"));
        Assert.False(await MembershipAsync<bool>(connection, "InsertMembershipVersionKey"));
        Assert.Equal(["0 | NULL | NULL"], await MembersAsync(connection));

        Assert.True(await MembershipAsync<bool>(connection, "InsertMembershipKey", [.. Silo(11111), .. Joining(), Version(0)]));
        Assert.False(await MembershipAsync<bool>(connection, "InsertMembershipKey", [.. Silo(11112), .. Joining(), Version(0)]));
        Assert.False(await MembershipAsync<bool>(connection, "InsertMembershipKey", [.. Silo(11111), .. Joining(), Version(1)]));
        Assert.True(await MembershipAsync<bool>(connection, "UpdateMembershipKey", [.. Silo(11111), .. Active(), Version(1)]));
        Assert.False(await MembershipAsync<bool>(connection, "UpdateMembershipKey", [.. Silo(11111), .. Active(), Version(1)]));
        Assert.False(await MembershipAsync<bool>(connection, "UpdateMembershipKey", [.. Silo(11112), .. Active(), Version(2)]));

        Assert.Equal(["2 | 127.0.0.1 | 11111"], await MembersAsync(connection));
        Assert.Equal(
            ["127.0.0.1 | 30000 | 1"],
            await Sql.RowsAsync(connection, await QueryAsync(connection, "GatewaysQueryKey"), Cluster, ("Status", 3, DbType.Int32)));
        Assert.Equal(
            ["2 | 3 | 2026-01-01 00:00:02"],
            await Sql.RowsAsync(connection, Columns(await QueryAsync(connection, "MembershipReadRowKey"), "\"Version\", \"Status\", to_char(\"IAmAliveTime\" AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')"), Silo(11111)));

        // A heartbeat moves the silo's time and leaves the table version alone.
        await Sql.ExecuteAsync(connection, await QueryAsync(connection, "UpdateIAmAlivetimeKey"),
            [.. Silo(11111), ("IAmAliveTime", new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc), DbType.DateTime)]);
        Assert.Equal(
            ["2 | 2026-01-02 00:00:00"],
            await Sql.RowsAsync(connection, Columns(await QueryAsync(connection, "MembershipReadRowKey"), "\"Version\", to_char(\"IAmAliveTime\" AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')"), Silo(11111)));

        // Clean-up removes only silos that are not active.
        var later = ("IAmAliveTime", (object?)new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc), DbType.DateTime);
        await Sql.ExecuteAsync(connection, await QueryAsync(connection, "CleanupDefunctSiloEntriesKey"), Cluster, later);
        Assert.Equal(["2 | 127.0.0.1 | 11111"], await MembersAsync(connection));
        Assert.True(await MembershipAsync<bool>(connection, "UpdateMembershipKey", [.. Silo(11111), .. Active(6), Version(2)]));
        await Sql.ExecuteAsync(connection, await QueryAsync(connection, "CleanupDefunctSiloEntriesKey"), Cluster, later);
        Assert.Equal(["3 | NULL | NULL"], await MembersAsync(connection));

        await Sql.ExecuteAsync(connection, await QueryAsync(connection, "DeleteMembershipTableEntriesKey"), Cluster);
        Assert.Empty(await MembersAsync(connection));
    }

    private static readonly (string, object?, DbType) Cluster = ("DeploymentId", "cluster-1", DbType.String);

    private static readonly (string, object?, DbType) Service = ("ServiceId", "service", DbType.String);

    private static (string, object?, DbType)[] Silo(int port) =>
    [
        Cluster,
        ("Address", "127.0.0.1", DbType.AnsiString),
        ("Port", port, DbType.Int32),
        ("Generation", 1, DbType.Int32),
    ];

    private static (string, object?, DbType)[] Joining() =>
    [
        ("SiloName", "silo", DbType.String),
        ("HostName", "host", DbType.String),
        ("Status", 1, DbType.Int32),
        ("ProxyPort", 30000, DbType.Int32),
        ("StartTime", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), DbType.DateTime),
        ("IAmAliveTime", new DateTime(2026, 1, 1, 0, 0, 1, DateTimeKind.Utc), DbType.DateTime),
    ];

    private static (string, object?, DbType)[] Active(int status = 3) =>
    [
        ("Status", status, DbType.Int32),
        ("SuspectTimes", null, DbType.String),
        ("IAmAliveTime", new DateTime(2026, 1, 1, 0, 0, 2, DateTimeKind.Utc), DbType.DateTime),
    ];

    private static (string, object?, DbType) Version(int version) => ("Version", version, DbType.Int32);

    private async Task<DbConnection> OpenAsync(StorageProvider provider)
    {
        _storage ??= provider == StorageProvider.Postgres
            ? StorageHarness.Postgres(await postgres.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken))
            : StorageHarness.Sqlite(_folder);
        await _storage.Installer.EnsureInstalledAsync(TestContext.Current.CancellationToken);
        return await _storage.OpenOrleansAsync();
    }

    /// <summary>Version, address and port of every row MembershipReadAllKey returns.</summary>
    private static async Task<List<string>> MembersAsync(DbConnection connection) =>
        await Sql.RowsAsync(connection, Columns(await QueryAsync(connection, "MembershipReadAllKey"), "\"Version\", \"Address\", \"Port\""), Cluster);

    /// <summary>Selects some columns of a stored query's result by the names Orleans reads.</summary>
    private static string Columns(string query, string columns) => $"SELECT {columns} FROM ({query.Trim().TrimEnd(';')}) q";

    private static async Task<List<string>> ReminderRowsAsync(DbConnection connection, string key, string grainId) =>
        await Sql.RowsAsync(
            connection,
            Columns(await QueryAsync(connection, key), "\"GrainId\", \"ReminderName\", \"Version\""),
            Service,
            ("GrainId", grainId, DbType.AnsiString),
            ("ReminderName", "r", DbType.String));

    private static async Task<string> QueryAsync(DbConnection connection, string key) =>
        (string?)await Sql.ScalarAsync(connection, "SELECT QueryText FROM OrleansQuery WHERE QueryKey = @key", ("key", key, DbType.String))
            ?? throw new InvalidOperationException($"No query {key}.");

    private static async Task<int?> StateQueryAsync(DbConnection connection, string key, GrainRow grain, int? version, byte[]? payload = null)
    {
        (string, object?, DbType)[] parameters =
        [
            .. grain.Parameters(),
            ("GrainStateVersion", version, DbType.Int32),
            .. payload is null ? Array.Empty<(string, object?, DbType)>() : [("PayloadBinary", payload, DbType.Binary)],
        ];
        var rows = await Sql.RowsAsync(connection, await QueryAsync(connection, key), parameters);
        var row = Assert.Single(rows);
        return row == "NULL" ? null : int.Parse(row, CultureInfo.InvariantCulture);
    }

    private static async Task<(string? Payload, int Version)?> ReadStateAsync(DbConnection connection, GrainRow grain)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = await QueryAsync(connection, "ReadFromStorageKey");
        foreach (var (name, value, type) in grain.Parameters())
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            parameter.DbType = type;
            command.Parameters.Add(parameter);
        }

        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        if (!await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            return null;
        }

        var payload = reader.IsDBNull(reader.GetOrdinal("PayloadBinary")) ? null : System.Text.Encoding.UTF8.GetString((byte[])reader["PayloadBinary"]);
        return (payload, Convert.ToInt32(reader["Version"], CultureInfo.InvariantCulture));
    }

    private static async Task<int> UpsertReminderAsync(DbConnection connection, string grainId, int hash)
    {
        var rows = await Sql.RowsAsync(
            connection,
            await QueryAsync(connection, "UpsertReminderRowKey"),
            ("ServiceId", "service", DbType.String),
            ("GrainHash", hash, DbType.Int32),
            ("GrainId", grainId, DbType.AnsiString),
            ("ReminderName", "r", DbType.String),
            ("StartTime", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), DbType.DateTime),
            ("Period", 60_000, DbType.Int32));
        return int.Parse(Assert.Single(rows), CultureInfo.InvariantCulture);
    }

    private static async Task<List<string>> RangeAsync(DbConnection connection, string key, int begin, int end)
    {
        var rows = await Sql.RowsAsync(
            connection,
            await QueryAsync(connection, key),
            ("ServiceId", "service", DbType.String),
            ("BeginHash", begin, DbType.Int32),
            ("EndHash", end, DbType.Int32));
        return [.. rows.Select(row => row.Split(" | ")[0]).Order(StringComparer.Ordinal)];
    }

    private static async Task<bool> DeleteReminderAsync(DbConnection connection, string grainId, int version)
    {
        var value = await Sql.ScalarAsync(
            connection,
            await QueryAsync(connection, "DeleteReminderRowKey"),
            ("ServiceId", "service", DbType.String),
            ("GrainId", grainId, DbType.AnsiString),
            ("ReminderName", "r", DbType.String),
            ("Version", version, DbType.Int32));
        return Convert.ToBoolean(value, CultureInfo.InvariantCulture);
    }

    private static async Task<T> MembershipAsync<T>(DbConnection connection, string key, params (string, object?, DbType)[] parameters)
    {
        (string, object?, DbType)[] all = parameters.Any(parameter => parameter.Item1 == "DeploymentId") ? parameters : [Cluster, .. parameters];
        var value = await Sql.ScalarAsync(connection, await QueryAsync(connection, key), all);
        return (T)Convert.ChangeType(value!, typeof(T), CultureInfo.InvariantCulture);
    }

    /// <summary>The identity Orleans binds for one grain's state row.</summary>
    private sealed record GrainRow(string? Key, long N1 = 0, string ServiceId = "service", string StateName = "state")
    {
        public (string, object?, DbType)[] Parameters() =>
        [
            ("GrainIdHash", 17, DbType.Int32),
            ("GrainIdN0", 0L, DbType.Int64),
            ("GrainIdN1", N1, DbType.Int64),
            ("GrainTypeHash", 23, DbType.Int32),
            ("GrainTypeString", StateName, DbType.String),
            ("GrainIdExtensionString", Key, DbType.String),
            ("ServiceId", ServiceId, DbType.String),
        ];
    }
}
