using System.Data.Common;
using CareChain.Server.Storage;
using CareChain.Server.Tests.Hosting;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CareChain.Server.Tests.Ledger;

/// <summary>
/// Raw access to a stopped server's ledger tables, as an attacker with the database file or an
/// administrator's login would have it: the append-only triggers are the first thing to go.
/// </summary>
internal sealed class LedgerTables(DbConnection connection, StorageProvider provider) : IAsyncDisposable
{
    public static async Task<LedgerTables> OpenAsync(ServerSettings settings)
    {
        DbConnection connection = settings.Provider == StorageProvider.Postgres
            ? new NpgsqlConnection(settings.ConnectionString)
            : new SqliteConnection($"Data Source={Path.Combine(settings.DataPath, StorageOptions.LedgerDatabaseFileName)};Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return new LedgerTables(connection, settings.Provider);
    }

    public Task DisableAppendOnlyAsync() => ExecuteAsync(provider == StorageProvider.Postgres
        ? "ALTER TABLE ledger_entries DISABLE TRIGGER USER; ALTER TABLE ledger_checkpoints DISABLE TRIGGER USER;"
        : "DROP TRIGGER ledger_entries_no_update; DROP TRIGGER ledger_entries_no_delete; " +
          "DROP TRIGGER ledger_checkpoints_no_update; DROP TRIGGER ledger_checkpoints_no_delete;");

    public async Task<(byte[] Body, byte[] Hash)> ReadEntryAsync(int shard, long sequence)
    {
        await using var command = Command("SELECT body, entry_hash FROM ledger_entries WHERE shard = @shard AND seq = @seq", ("shard", shard), ("seq", sequence));
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken), $"no row at shard {shard}, sequence {sequence}");
        return ((byte[])reader.GetValue(0), (byte[])reader.GetValue(1));
    }

    public Task WriteEntryAsync(int shard, long sequence, byte[] body, byte[] hash) => ExecuteAsync(
        "UPDATE ledger_entries SET body = @body, entry_hash = @hash WHERE shard = @shard AND seq = @seq",
        ("shard", shard), ("seq", sequence), ("body", body), ("hash", hash));

    public Task DeleteEntriesAsync(int shard, long fromSequence, long toSequence) => ExecuteAsync(
        "DELETE FROM ledger_entries WHERE shard = @shard AND seq >= @from AND seq <= @to",
        ("shard", shard), ("from", fromSequence), ("to", toSequence));

    public async Task FlipCheckpointSignatureBitAsync()
    {
        await using var command = Command("SELECT number, signature FROM ledger_checkpoints ORDER BY number DESC LIMIT 1");
        long number;
        byte[] signature;
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
            number = reader.GetInt64(0);
            signature = (byte[])reader.GetValue(1);
        }

        signature[10] ^= 0x01;
        await ExecuteAsync("UPDATE ledger_checkpoints SET signature = @signature WHERE number = @number", ("signature", signature), ("number", number));
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    public async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private DbCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
