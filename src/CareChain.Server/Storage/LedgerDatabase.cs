using System.Data.Common;
using CareChain.Grains.Ledger.Storage;

namespace CareChain.Server.Storage;

/// <summary>
/// Opens connections to the ledger tables of the configured database: the ledger.db file on SQLite
/// (pragmas applied), the pooled <see cref="Npgsql.NpgsqlDataSource"/> on PostgreSQL.
/// </summary>
public sealed class LedgerDatabase(StorageOptions options, StorageDataSources dataSources, SchemaInstaller installer) : ILedgerConnectionSource
{
    public StorageProvider Provider { get; } = options?.Provider ?? throw new ArgumentNullException(nameof(options));

    public LedgerDialect Dialect => Provider == StorageProvider.Postgres ? LedgerDialect.Postgres : LedgerDialect.Sqlite;

    /// <summary>Opens a connection; the caller disposes it. The first call waits for the schema to be installed.</summary>
    public async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        await installer.EnsureInstalledAsync(cancellationToken);
        return await dataSources.Ledger.OpenConnectionAsync(cancellationToken);
    }
}
