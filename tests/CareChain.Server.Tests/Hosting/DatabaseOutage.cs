using System.Data.Common;
using CareChain.Server.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CareChain.Server.Tests.Hosting;

/// <summary>
/// A running server's database refusing writes, as a full disk or a failover to a read-only replica would:
/// until disposed, appends to the ledger and writes of grain state fail. Triggers do it, so the server
/// itself is not touched and sees the failure only as its writes fail.
/// </summary>
internal sealed class DatabaseOutage : IAsyncDisposable
{
    private const string SqliteRefusal = "BEGIN SELECT RAISE(ABORT, 'injected outage'); END;";

    private readonly ServerSettings _settings;

    private DatabaseOutage(ServerSettings settings) => _settings = settings;

    public static async Task<DatabaseOutage> StartAsync(ServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Provider == StorageProvider.Postgres)
        {
            await ExecuteAsync(settings, null,
                "CREATE FUNCTION injected_outage() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected outage'; END $$; " +
                "CREATE TRIGGER injected_outage BEFORE INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION injected_outage(); " +
                "CREATE TRIGGER injected_outage BEFORE INSERT OR UPDATE ON orleans_grain_state FOR EACH ROW EXECUTE FUNCTION injected_outage();");
        }
        else
        {
            await ExecuteAsync(settings, StorageOptions.LedgerDatabaseFileName, $"CREATE TRIGGER injected_outage BEFORE INSERT ON ledger_entries {SqliteRefusal}");
            await ExecuteAsync(settings, StorageOptions.OrleansDatabaseFileName,
                $"CREATE TRIGGER injected_outage_insert BEFORE INSERT ON orleans_grain_state {SqliteRefusal} " +
                $"CREATE TRIGGER injected_outage_update BEFORE UPDATE ON orleans_grain_state {SqliteRefusal}");
        }

        return new DatabaseOutage(settings);
    }

    public async ValueTask DisposeAsync()
    {
        if (_settings.Provider == StorageProvider.Postgres)
        {
            await ExecuteAsync(_settings, null,
                "DROP TRIGGER injected_outage ON ledger_entries; DROP TRIGGER injected_outage ON orleans_grain_state; DROP FUNCTION injected_outage();");
        }
        else
        {
            await ExecuteAsync(_settings, StorageOptions.LedgerDatabaseFileName, "DROP TRIGGER injected_outage;");
            await ExecuteAsync(_settings, StorageOptions.OrleansDatabaseFileName, "DROP TRIGGER injected_outage_insert; DROP TRIGGER injected_outage_update;");
        }
    }

    // SQLite keeps the ledger and Orleans in files of their own; PostgreSQL keeps everything in one database.
    private static async Task ExecuteAsync(ServerSettings settings, string? sqliteFile, string sql)
    {
        await using DbConnection connection = sqliteFile is null
            ? new NpgsqlConnection(settings.ConnectionString)
            : new SqliteConnection($"Data Source={Path.Combine(settings.DataPath, sqliteFile)};Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
