using System.Data;
using System.Data.Common;
using CareChain.Server.Storage;
using CareChain.Testing;

namespace CareChain.Server.Tests.Storage;

public sealed class LedgerAppendOnlyTests(PostgresServer postgres) : IAsyncDisposable
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
    public async Task The_ledger_database_reports_its_provider_and_dialect(StorageProvider provider)
    {
        var ledger = (await StorageAsync(provider)).Ledger;

        Assert.Equal(provider, ledger.Provider);
        Assert.Equal(provider.ToString(), ledger.Dialect.ToString());
        await using var connection = await ledger.OpenConnectionAsync(TestContext.Current.CancellationToken);
        Assert.Equal(ConnectionState.Open, connection.State);
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task Entries_checkpoints_and_settings_can_be_appended(StorageProvider provider)
    {
        await using var connection = await OpenAsync(provider);

        await AppendEntryAsync(connection, shard: 0, sequence: 0);
        await AppendEntryAsync(connection, shard: 0, sequence: 1);
        await AppendCheckpointAsync(connection, number: 1);
        await Sql.ExecuteAsync(connection, "INSERT INTO ledger_meta (name, value) VALUES ('shards', '4')");
        await Sql.ExecuteAsync(connection, "UPDATE ledger_meta SET value = '8' WHERE name = 'shards'");

        Assert.Equal(2L, Convert.ToInt64(await Sql.ScalarAsync(connection, "SELECT count(*) FROM ledger_entries"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("8", await Sql.ScalarAsync(connection, "SELECT value FROM ledger_meta WHERE name = 'shards'"));
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite, "UPDATE ledger_entries SET body = @bytes WHERE shard = 0")]
    [InlineData(StorageProvider.Sqlite, "UPDATE ledger_entries SET seq = seq + 100")]
    [InlineData(StorageProvider.Sqlite, "DELETE FROM ledger_entries WHERE seq = 0")]
    [InlineData(StorageProvider.Sqlite, "DELETE FROM ledger_entries")]
    [InlineData(StorageProvider.Postgres, "UPDATE ledger_entries SET body = @bytes WHERE shard = 0")]
    [InlineData(StorageProvider.Postgres, "UPDATE ledger_entries SET seq = seq + 100")]
    [InlineData(StorageProvider.Postgres, "DELETE FROM ledger_entries WHERE seq = 0")]
    [InlineData(StorageProvider.Postgres, "DELETE FROM ledger_entries")]
    [InlineData(StorageProvider.Postgres, "TRUNCATE ledger_entries")]
    public async Task Changing_a_ledger_entry_is_refused_by_the_database(StorageProvider provider, string change)
    {
        await using var connection = await OpenAsync(provider);
        await AppendEntryAsync(connection, shard: 0, sequence: 0);
        var before = await Sql.RowsAsync(connection, "SELECT shard, seq, body, entry_hash FROM ledger_entries");

        var refusal = await Assert.ThrowsAnyAsync<DbException>(
            () => Sql.ExecuteAsync(connection, change, ("bytes", "tampered"u8.ToArray(), DbType.Binary)));

        Assert.Contains("append-only", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(before, await Sql.RowsAsync(connection, "SELECT shard, seq, body, entry_hash FROM ledger_entries"));
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite, "UPDATE ledger_checkpoints SET signature = @bytes")]
    [InlineData(StorageProvider.Sqlite, "DELETE FROM ledger_checkpoints")]
    [InlineData(StorageProvider.Postgres, "UPDATE ledger_checkpoints SET signature = @bytes")]
    [InlineData(StorageProvider.Postgres, "DELETE FROM ledger_checkpoints")]
    [InlineData(StorageProvider.Postgres, "TRUNCATE ledger_checkpoints")]
    public async Task Changing_a_checkpoint_is_refused_by_the_database(StorageProvider provider, string change)
    {
        await using var connection = await OpenAsync(provider);
        await AppendCheckpointAsync(connection, number: 7);

        var refusal = await Assert.ThrowsAnyAsync<DbException>(
            () => Sql.ExecuteAsync(connection, change, ("bytes", "forged"u8.ToArray(), DbType.Binary)));

        Assert.Contains("append-only", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(1L, Convert.ToInt64(await Sql.ScalarAsync(connection, "SELECT count(*) FROM ledger_checkpoints"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite, 31)]
    [InlineData(StorageProvider.Sqlite, 33)]
    [InlineData(StorageProvider.Postgres, 0)]
    [InlineData(StorageProvider.Postgres, 64)]
    public async Task An_entry_hash_that_is_not_32_bytes_is_refused(StorageProvider provider, int length)
    {
        await using var connection = await OpenAsync(provider);

        await Assert.ThrowsAnyAsync<DbException>(() => AppendEntryAsync(connection, shard: 0, sequence: 0, hashLength: length));
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task A_sequence_number_is_taken_once_per_shard(StorageProvider provider)
    {
        await using var connection = await OpenAsync(provider);
        await AppendEntryAsync(connection, shard: 1, sequence: 0);
        await AppendEntryAsync(connection, shard: 2, sequence: 0);

        await Assert.ThrowsAnyAsync<DbException>(() => AppendEntryAsync(connection, shard: 1, sequence: 0));
    }

    private async Task<DbConnection> OpenAsync(StorageProvider provider) =>
        await (await StorageAsync(provider)).Ledger.OpenConnectionAsync(TestContext.Current.CancellationToken);

    // Each test gets fresh tables; only the database the test is about is made.
    private async Task<StorageHarness> StorageAsync(StorageProvider provider) =>
        _storage ??= provider == StorageProvider.Postgres
            ? StorageHarness.Postgres(await postgres.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken))
            : StorageHarness.Sqlite(_folder);

    private static Task<int> AppendEntryAsync(DbConnection connection, int shard, long sequence, int hashLength = 32) =>
        Sql.ExecuteAsync(
            connection,
            "INSERT INTO ledger_entries (shard, seq, body, entry_hash) VALUES (@shard, @seq, @body, @hash)",
            ("shard", shard, DbType.Int32),
            ("seq", sequence, DbType.Int64),
            ("body", """{"action":"read"}"""u8.ToArray(), DbType.Binary),
            ("hash", new byte[hashLength], DbType.Binary));

    private static Task<int> AppendCheckpointAsync(DbConnection connection, long number) =>
        Sql.ExecuteAsync(
            connection,
            "INSERT INTO ledger_checkpoints (number, body, signature, key_id, public_key) VALUES (@number, @body, @signature, @key, @public)",
            ("number", number, DbType.Int64),
            ("body", """{"shards":[]}"""u8.ToArray(), DbType.Binary),
            ("signature", new byte[64], DbType.Binary),
            ("key", "key-1", DbType.String),
            ("public", new byte[65], DbType.Binary));
}
