using System.Data.Common;
using Npgsql;

namespace CareChain.Server.Storage;

/// <summary>
/// The connection pools of the configured database: one for the Orleans tables and one for the
/// ledger. On PostgreSQL both are the same pooled <see cref="NpgsqlDataSource"/>; on SQLite they
/// are the two files in the data folder.
/// </summary>
public sealed class StorageDataSources : IAsyncDisposable
{
    private StorageDataSources(DbDataSource orleans, DbDataSource ledger)
    {
        Orleans = orleans;
        Ledger = ledger;
    }

    public DbDataSource Orleans { get; }

    public DbDataSource Ledger { get; }

    public static StorageDataSources Create(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Provider == StorageProvider.Postgres)
        {
            var shared = NpgsqlDataSource.Create(options.OrleansConnectionString);
            return new StorageDataSources(shared, shared);
        }

        return new StorageDataSources(
            new SqliteDataSource(options.OrleansConnectionString),
            new SqliteDataSource(options.LedgerConnectionString, secureDelete: true));
    }

    public async ValueTask DisposeAsync()
    {
        await Orleans.DisposeAsync();
        if (!ReferenceEquals(Orleans, Ledger))
        {
            await Ledger.DisposeAsync();
        }
    }
}
